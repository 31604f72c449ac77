package org.medsign.hub.lifecycle.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.ca.SerialNumbers;
import org.medsign.crypto.cert.DistinguishedNames;
import org.medsign.crypto.cert.Gmt0015;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.sm.Sm3;

/**
 * What the ledger keeps of a certificate, read strictly from its encoding. {@code identityNumber} is personal data:
 * used for matching only, never stored in clear, never logged.
 */
public record ParsedCertificate(String serial, String subject, String issuer, String commonName, String unit,
                                String title, String subjectSerialNumber, String identityNumber, Instant notBefore,
                                Instant notAfter, boolean signing, byte[] der, String derSm3) {

    /** Thrown when bytes are not exactly one certificate. */
    public static final class UnreadableException extends RuntimeException {
        private final int count;

        UnreadableException(int count) {
            super(count == 0 ? "not a PEM or DER certificate" : count + " certificates in one file");
            this.count = count;
        }

        /** How many certificates were found (0 = unreadable). */
        public int count() {
            return count;
        }
    }

    /** Reads one PEM or DER certificate. */
    public static ParsedCertificate read(byte[] bytes) {
        X509CertificateHolder certificate;
        try {
            if (new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1).contains("-----BEGIN")) {
                List<X509CertificateHolder> all = Pem.parseCertificates(bytes);
                if (all.size() != 1) {
                    throw new UnreadableException(all.size());
                }
                certificate = all.get(0);
            } else {
                certificate = Pem.certificate(bytes);
            }
        } catch (UnreadableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UnreadableException(0);
        }
        return of(certificate);
    }

    /** The ledger's view of a parsed certificate. */
    public static ParsedCertificate of(X509CertificateHolder certificate) {
        byte[] der = Pem.encoded(certificate);
        KeyUsage usage = KeyUsage.fromExtensions(certificate.getExtensions());
        boolean signing = usage == null || usage.hasUsages(KeyUsage.digitalSignature)
                || usage.hasUsages(KeyUsage.nonRepudiation);
        return new ParsedCertificate(SerialNumbers.hex(certificate.getSerialNumber()),
                DistinguishedNames.toText(certificate.getSubject()), DistinguishedNames.toText(certificate.getIssuer()),
                DistinguishedNames.first(certificate.getSubject(), BCStyle.CN),
                DistinguishedNames.first(certificate.getSubject(), BCStyle.OU),
                DistinguishedNames.first(certificate.getSubject(), BCStyle.T),
                DistinguishedNames.first(certificate.getSubject(), BCStyle.SERIALNUMBER),
                Gmt0015.identityNumber(certificate), certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(), signing, der, HexFormat.of().formatHex(Sm3.digest(der)));
    }
}
