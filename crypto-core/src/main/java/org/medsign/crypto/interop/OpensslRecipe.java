package org.medsign.crypto.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.tsp.TimeStampToken;
import org.medsign.crypto.CryptoOperationException;
import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.cms.ParsedSignedData;
import org.medsign.crypto.cms.SignatureTimestamps;
import org.medsign.crypto.key.KeyFiles;
import org.medsign.crypto.sm.Sm2;

/**
 * Cuts signed artefacts into what the OpenSSL 3 CLI can check on its own: the exact signed bytes (tbs), the
 * signature, the signer's public key, and for CMS the content whose SM3 must equal the message-digest attribute.
 * OpenSSL 3.0 cannot verify SM2 CMS, timestamps or CRLs with the standard ID directly, but
 * {@code openssl pkeyutl -verify -rawin -digest sm3 -pkeyopt distid:1234567812345678} over these pieces can.
 */
public final class OpensslRecipe {

    /** The standard SM2 ID as OpenSSL's distid option. */
    public static final String DISTID = "distid:1234567812345678";

    /**
     * One signature to check.
     *
     * @param name          file-name prefix
     * @param tbs           the signed bytes
     * @param signature     DER signature value
     * @param publicKeyPem  signer public key (PEM)
     * @param content       data whose SM3 must equal {@code messageDigest}, or null
     * @param messageDigest the message-digest attribute, or null
     */
    public record Piece(String name, byte[] tbs, byte[] signature, String publicKeyPem, byte[] content,
                        byte[] messageDigest) {
    }

    private OpensslRecipe() {
    }

    /** Pieces of a CMS SignedData: each signer, and each signer's signature timestamp. */
    public static List<Piece> forCms(byte[] cms, byte[] detachedContent) {
        ParsedSignedData parsed = ParsedSignedData.parse(cms, detachedContent);
        CMSSignedData signedData = parsed.signedData();
        byte[] content = parsed.hasContent() ? (byte[]) signedData.getSignedContent().getContent() : null;
        List<Piece> pieces = new ArrayList<>();
        int index = 0;
        for (SignerInformation signer : signedData.getSignerInfos().getSigners()) {
            String name = index == 0 ? "signer" : "signer" + index;
            X509CertificateHolder certificate = certificateOf(signedData, signer);
            pieces.add(signerPiece(name, signer, certificate, content));
            TimeStampToken token = SignatureTimestamps.of(signer);
            if (token != null) {
                Piece tokenPiece = forTimestampToken(token, name + "-timestamp");
                pieces.add(tokenPiece);
            }
            index++;
        }
        return pieces;
    }

    /** The piece of an RFC 3161 token (its SignerInfo over the TSTInfo). */
    public static Piece forTimestampToken(TimeStampToken token, String name) {
        CMSSignedData signedData = token.toCMSSignedData();
        SignerInformation signer = signedData.getSignerInfos().getSigners().iterator().next();
        byte[] tstInfo = (byte[]) signedData.getSignedContent().getContent();
        return signerPiece(name, signer, certificateOf(signedData, signer), tstInfo);
    }

    /** The piece of a CRL, checked with its issuer's key. */
    public static Piece forCrl(X509CRLHolder crl, X509CertificateHolder issuer) {
        try {
            return new Piece("crl", crl.toASN1Structure().getTBSCertList().getEncoded("DER"),
                    crl.toASN1Structure().getSignature().getOctets(), publicKeyPem(issuer), null, null);
        } catch (IOException e) {
            throw new CryptoOperationException("cannot encode CRL", e);
        }
    }

    /** The piece of a certificate, checked with its issuer's key. */
    public static Piece forCertificate(X509CertificateHolder certificate, X509CertificateHolder issuer, String name) {
        try {
            return new Piece(name, certificate.toASN1Structure().getTBSCertificate().getEncoded("DER"),
                    certificate.getSignature(), publicKeyPem(issuer), null, null);
        } catch (IOException e) {
            throw new CryptoOperationException("cannot encode certificate", e);
        }
    }

    /** The piece of an OCSP response, checked with the responder's key (the issuing CA for our responder). */
    public static Piece forOcspResponse(byte[] response, X509CertificateHolder responder) {
        try {
            BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(response).getResponseObject();
            if (basic == null) {
                throw new MalformedInputException("OCSP response carries no signed answer");
            }
            return new Piece("ocsp", basic.getTBSResponseData(), basic.getSignature(), publicKeyPem(responder),
                    null, null);
        } catch (IOException | org.bouncycastle.cert.ocsp.OCSPException | ClassCastException e) {
            throw new MalformedInputException("malformed OCSP response", e);
        }
    }

    /** Writes the pieces into {@code dir} and returns the shell commands that check them (run inside dir). */
    public static String write(Path dir, List<Piece> pieces) {
        StringBuilder script = new StringBuilder();
        try {
            Files.createDirectories(dir);
            for (Piece piece : pieces) {
                Files.write(dir.resolve(piece.name() + ".tbs.der"), piece.tbs());
                Files.write(dir.resolve(piece.name() + ".sig.der"), piece.signature());
                Files.writeString(dir.resolve(piece.name() + ".pub.pem"), piece.publicKeyPem(), StandardCharsets.US_ASCII);
                script.append(verifyCommand(piece.name())).append('\n');
                if (piece.content() != null && piece.messageDigest() != null) {
                    Files.write(dir.resolve(piece.name() + ".content"), piece.content());
                    Files.writeString(dir.resolve(piece.name() + ".md.hex"),
                            HexFormat.of().formatHex(piece.messageDigest()) + "\n", StandardCharsets.US_ASCII);
                    script.append(digestCommand(piece.name())).append('\n');
                }
            }
        } catch (IOException e) {
            throw new CryptoOperationException("cannot write recipe files", e);
        }
        return script.toString();
    }

    /**
     * Writes {@code signer.cert.pem} and the chain ({@code chain-1.pem} = its issuer, … up to the root) and returns
     * the {@code openssl verify} commands that check each link with the standard SM2 ID. OpenSSL 3.0 applies the ID
     * only to the certificate named on the command line, so every link is its own command.
     */
    public static String writeChain(Path dir, X509CertificateHolder signer, List<X509CertificateHolder> chain) {
        StringBuilder script = new StringBuilder();
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("signer.cert.pem"), org.medsign.crypto.cert.Pem.certificatePem(signer),
                    StandardCharsets.US_ASCII);
            String previous = "signer.cert.pem";
            for (int i = 0; i < chain.size(); i++) {
                String name = "chain-" + (i + 1) + ".pem";
                Files.writeString(dir.resolve(name), org.medsign.crypto.cert.Pem.certificatePem(chain.get(i)),
                        StandardCharsets.US_ASCII);
                boolean last = i == chain.size() - 1;
                script.append("openssl verify -vfyopt ").append(DISTID).append(" -CAfile ").append(name)
                        .append(last ? " " : " -partial_chain ").append(previous).append('\n');
                previous = name;
            }
        } catch (IOException e) {
            throw new CryptoOperationException("cannot write chain files", e);
        }
        return script.toString();
    }

    /** The signer certificate of the first SignerInfo of a CMS SignedData. */
    public static X509CertificateHolder signerCertificate(byte[] cms, byte[] detachedContent) {
        CMSSignedData signedData = ParsedSignedData.parse(cms, detachedContent).signedData();
        return certificateOf(signedData, signedData.getSignerInfos().getSigners().iterator().next());
    }

    /** The pkeyutl command that verifies one piece. */
    public static String verifyCommand(String name) {
        return "openssl pkeyutl -verify -rawin -digest sm3 -pkeyopt " + DISTID + " -pubin -inkey " + name
                + ".pub.pem -in " + name + ".tbs.der -sigfile " + name + ".sig.der";
    }

    /** The command that checks a message digest. */
    public static String digestCommand(String name) {
        return "test \"$(openssl dgst -sm3 -r " + name + ".content | cut -d' ' -f1)\" = \"$(cat " + name
                + ".md.hex)\" && echo '" + name + " digest OK'";
    }

    private static Piece signerPiece(String name, SignerInformation signer, X509CertificateHolder certificate,
                                     byte[] content) {
        try {
            byte[] tbs = signer.getEncodedSignedAttributes();
            if (tbs == null) {
                tbs = content; // no signed attributes: the content itself is signed
            }
            byte[] messageDigest = null;
            if (signer.getSignedAttributes() != null) {
                Attribute attribute = signer.getSignedAttributes().get(CMSAttributes.messageDigest);
                if (attribute != null) {
                    messageDigest = ASN1OctetString.getInstance(attribute.getAttrValues().getObjectAt(0)).getOctets();
                }
            }
            return new Piece(name, tbs, signer.getSignature(), publicKeyPem(certificate), content, messageDigest);
        } catch (IOException e) {
            throw new CryptoOperationException("cannot encode signed attributes", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static X509CertificateHolder certificateOf(CMSSignedData signedData, SignerInformation signer) {
        var matches = signedData.getCertificates().getMatches(signer.getSID());
        if (matches.isEmpty()) {
            throw new MalformedInputException("the signer's certificate is not inside the SignedData");
        }
        return (X509CertificateHolder) matches.iterator().next();
    }

    private static String publicKeyPem(X509CertificateHolder certificate) {
        return KeyFiles.publicKeyPem(Sm2.fromSubjectPublicKeyInfo(certificate.getSubjectPublicKeyInfo()));
    }
}
