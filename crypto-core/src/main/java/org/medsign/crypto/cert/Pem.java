package org.medsign.crypto.cert;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.medsign.crypto.CryptoOperationException;
import org.medsign.crypto.MalformedInputException;

/** Certificates and CRLs in PEM or DER: strict parsing, clear errors, no exception other than our own. */
public final class Pem {

    private Pem() {
    }

    /** All certificates in PEM or DER bytes (a DER file holds one). */
    public static List<X509CertificateHolder> parseCertificates(byte[] bytes) {
        List<X509CertificateHolder> result = new ArrayList<>();
        if (looksLikePem(bytes)) {
            for (PemObject object : pemObjects(bytes)) {
                if (object.getType().equals("CERTIFICATE") || object.getType().equals("X509 CERTIFICATE")) {
                    result.add(certificate(object.getContent()));
                }
            }
            if (result.isEmpty()) {
                throw new MalformedInputException("no CERTIFICATE block in PEM input");
            }
            return result;
        }
        result.add(certificate(bytes));
        return result;
    }

    /** The first certificate in PEM or DER bytes. */
    public static X509CertificateHolder parseCertificate(byte[] bytes) {
        return parseCertificates(bytes).get(0);
    }

    /** Reads a certificate file (PEM or DER). */
    public static List<X509CertificateHolder> readCertificates(Path file) {
        return parseCertificates(read(file));
    }

    /** A CRL from PEM or DER bytes. */
    public static X509CRLHolder parseCrl(byte[] bytes) {
        if (looksLikePem(bytes)) {
            for (PemObject object : pemObjects(bytes)) {
                if (object.getType().equals("X509 CRL")) {
                    return crl(object.getContent());
                }
            }
            throw new MalformedInputException("no X509 CRL block in PEM input");
        }
        return crl(bytes);
    }

    /** Reads a CRL file (PEM or DER). */
    public static X509CRLHolder readCrl(Path file) {
        return parseCrl(read(file));
    }

    /** DER bytes to a certificate, strictly. */
    public static X509CertificateHolder certificate(byte[] der) {
        try {
            return new X509CertificateHolder(Certificate.getInstance(strictDer(der)));
        } catch (RuntimeException e) {
            throw new MalformedInputException("not a valid X.509 certificate", e);
        }
    }

    /** DER bytes to a CRL, strictly. */
    public static X509CRLHolder crl(byte[] der) {
        try {
            return new X509CRLHolder(CertificateList.getInstance(strictDer(der)));
        } catch (RuntimeException e) {
            throw new MalformedInputException("not a valid X.509 CRL", e);
        }
    }

    /** Parses one complete DER object; trailing bytes or truncation are errors. */
    public static ASN1Primitive strictDer(byte[] der) {
        if (der == null || der.length == 0) {
            throw new MalformedInputException("empty input");
        }
        try {
            ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
            if (primitive.getEncoded().length != der.length && primitive.getEncoded("DER").length != der.length) {
                throw new MalformedInputException("trailing bytes after the DER object");
            }
            return primitive;
        } catch (IOException | RuntimeException e) {
            if (e instanceof MalformedInputException m) {
                throw m;
            }
            throw new MalformedInputException("malformed DER: " + e.getClass().getSimpleName(), e);
        }
    }

    /** PEM text of certificates, in order. */
    public static String certificatesPem(List<X509CertificateHolder> certificates) {
        StringBuilder text = new StringBuilder();
        for (X509CertificateHolder certificate : certificates) {
            text.append(pem("CERTIFICATE", encoded(certificate)));
        }
        return text.toString();
    }

    /** PEM text of one certificate. */
    public static String certificatePem(X509CertificateHolder certificate) {
        return pem("CERTIFICATE", encoded(certificate));
    }

    /** PEM text of a CRL. */
    public static String crlPem(X509CRLHolder crl) {
        try {
            return pem("X509 CRL", crl.getEncoded());
        } catch (IOException e) {
            throw new CryptoOperationException("cannot encode CRL", e);
        }
    }

    /** PEM armour for any DER blob. */
    public static String pem(String type, byte[] der) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new CryptoOperationException("cannot write PEM", e);
        }
        return text.toString();
    }

    /** The DER encoding of a certificate. */
    public static byte[] encoded(X509CertificateHolder certificate) {
        try {
            return certificate.getEncoded();
        } catch (IOException e) {
            throw new CryptoOperationException("cannot encode certificate", e);
        }
    }

    private static boolean looksLikePem(byte[] bytes) {
        int limit = Math.min(bytes.length, 4096);
        String head = new String(bytes, 0, limit, StandardCharsets.ISO_8859_1);
        return head.contains("-----BEGIN ");
    }

    private static List<PemObject> pemObjects(byte[] bytes) {
        List<PemObject> objects = new ArrayList<>();
        try (PemReader reader = new PemReader(new InputStreamReader(new ByteArrayInputStream(bytes),
                StandardCharsets.US_ASCII))) {
            PemObject object;
            while ((object = reader.readPemObject()) != null) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            throw new MalformedInputException("malformed PEM", e);
        }
        return objects;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new MalformedInputException("cannot read " + file, e);
        }
    }
}
