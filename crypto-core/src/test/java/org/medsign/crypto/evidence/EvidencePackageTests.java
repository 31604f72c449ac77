package org.medsign.crypto.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.TestPki;
import org.medsign.crypto.audit.AuditAnchor;
import org.medsign.crypto.audit.AuditChainHash;
import org.medsign.crypto.audit.AuditRecord;
import org.medsign.crypto.ca.RevocationReason;
import org.medsign.crypto.cms.CmsSigner;
import org.medsign.crypto.cms.HandwritingAttribute;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2SignatureEncoding;
import org.medsign.crypto.interop.Openssl;
import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.sm.Sm3;

/**
 * Evidence packages made from an in-memory PKI: {@code medsign evidence verify}'s Java check and the package's own
 * {@code verify.sh} (OpenSSL and sh only) agree — both pass on an intact package and both fail on a changed byte of
 * the CMS signature, a changed audit event, a CRL revoking the signer.
 */
class EvidencePackageTests {

    private static final byte[] DOCUMENT = "出院小结：患者恢复良好，准予出院。".getBytes(StandardCharsets.UTF_8);
    private static final String NODE = "node-a";

    @TempDir
    Path dir;

    private final TestPki pki = new TestPki();

    private EvidencePackage evidence(boolean revokeSigner) throws Exception {
        return evidence(revokeSigner, cms -> null);
    }

    /** With the RFC 4998 evidence record {@code ers} makes for the package's CMS. */
    private EvidencePackage evidence(boolean revokeSigner, java.util.function.UnaryOperator<byte[]> ers)
            throws Exception {
        TestPki.Holder doctor = pki.issue("CN=王医生,OU=内科,O=Test Hospital,C=CN,SERIALNUMBER=D0003");
        // the CRL current at the signing time is issued before the signature (as the CA's periodic CRL is); one issued
        // after it, in the next second, would not be current at the signing time
        byte[] crl = pki.ca.generateCrl().getEncoded();
        byte[] cms = CmsSigner.builder().key(doctor.key()).certificate(doctor.certificate()).chain(pki.chain())
                .attached(false).timestamps(pki.tsa).build().sign(DOCUMENT);
        if (revokeSigner) {
            pki.ca.revoke(doctor.certificate().getSerialNumber(), RevocationReason.KEY_COMPROMISE);
            crl = pki.ca.generateCrl().getEncoded();
        }
        SignerInformation signer = new CMSSignedData(new org.bouncycastle.cms.CMSProcessableByteArray(DOCUMENT), cms)
                .getSignerInfos().getSigners().iterator().next();
        byte[] token = org.medsign.crypto.cms.SignatureTimestamps.of(signer).getEncoded();
        String sm3 = HexFormat.of().formatHex(Sm3.digest(DOCUMENT));

        List<AuditRecord> chain = auditChain(sm3);
        AuditAnchor anchor = anchor(chain);
        return new EvidencePackage("sig-1", "his", "HIS1", "DOC-1", Instant.now(), sm3, DOCUMENT, cms,
                doctor.certificate(), pki.issuing(), pki.root(), crl, EvidencePackage.RevocationSource.SIGNING_TIME,
                token, chain, anchor, ers.apply(cms));
    }

    /** A package of a CMS signature carrying the handwriting attribute of {@code png}, with the image. */
    private EvidencePackage handwritten(byte[] png) throws Exception {
        TestPki.Holder patient = pki.issue("CN=张三,OU=患者,O=Test Hospital,C=CN");
        byte[] crl = pki.ca.generateCrl().getEncoded();
        byte[] cms = CmsSigner.builder().key(patient.key()).certificate(patient.certificate()).chain(pki.chain())
                .handwriting(HandwritingAttribute.ofPng(png)).timestamps(pki.tsa).build().sign(DOCUMENT);
        SignerInformation signer = new CMSSignedData(new org.bouncycastle.cms.CMSProcessableByteArray(DOCUMENT), cms)
                .getSignerInfos().getSigners().iterator().next();
        byte[] token = org.medsign.crypto.cms.SignatureTimestamps.of(signer).getEncoded();
        String sm3 = HexFormat.of().formatHex(Sm3.digest(DOCUMENT));
        List<AuditRecord> chain = auditChain(sm3);
        return new EvidencePackage("sig-1", "his", "consent-1", null, Instant.now(), sm3, DOCUMENT, cms,
                patient.certificate(), pki.issuing(), pki.root(), crl, EvidencePackage.RevocationSource.SIGNING_TIME,
                token, chain, anchor(chain), null, EvidencePackage.SignatureFormat.CMS, png);
    }

    private static byte[] png(int seed) throws Exception {
        var image = new java.awt.image.BufferedImage(320, 120, java.awt.image.BufferedImage.TYPE_INT_ARGB);
        var graphics = image.createGraphics();
        graphics.setColor(java.awt.Color.BLACK);
        graphics.drawLine(10, 10 + seed, 300, 100);
        graphics.dispose();
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** The SIGN event of "sig-1" with content {@code sm3} and two later events, all of node-a. */
    private static List<AuditRecord> auditChain(String sm3) {
        List<AuditRecord> chain = new ArrayList<>();
        String prev = HexFormat.of().formatHex(Sm3.digest("earlier".getBytes(StandardCharsets.UTF_8)));
        Instant time = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String[][] rows = {{"system:his", "SIGN", "sig-1", "request his/HIS1 staff D0003 cert 01 sm3 " + sm3},
                {"secadmin", "CERTIFICATE_FREEZE", "0A1B", "reason=test | with a bar"}, {"hub", "AUDIT_VERIFY", null, null}};
        long seq = 41;
        for (String[] row : rows) {
            String hash = AuditChainHash.hash(prev, NODE, seq, time, row[0], "SYSTEM", row[1], row[2], "SUCCESS", row[3]);
            chain.add(new AuditRecord(NODE, seq, time, row[0], "SYSTEM", row[1], row[2], "SUCCESS", row[3], prev, hash));
            prev = hash;
            seq++;
        }
        return chain;
    }

    /** An anchor over the chain's last event (and another node's head), timestamped by the test TSA. */
    private AuditAnchor anchor(List<AuditRecord> chain) throws java.io.IOException {
        AuditRecord last = chain.get(chain.size() - 1);
        String heads = AuditAnchor.headsText(List.of(new AuditAnchor.Head(NODE, last.seq(), last.hash()),
                new AuditAnchor.Head("node-b", 7, "ab".repeat(32))));
        byte[] anchorToken = pki.tsa.timestamp(Digests.SM3, Sm3.digest(heads.getBytes(StandardCharsets.UTF_8)))
                .getEncoded();
        return new AuditAnchor(5, NODE, Instant.now(), heads, anchorToken);
    }

    /** A package of a raw SM2 signature over the document, with or without its timestamp. */
    private EvidencePackage raw(Sm2SignatureEncoding encoding, boolean timestamped) throws Exception {
        TestPki.Holder doctor = pki.issue("CN=李医生,OU=检验科,O=Test Hospital,C=CN,SERIALNUMBER=D0004");
        byte[] crl = pki.ca.generateCrl().getEncoded(); // current at the signing time (see evidence(…))
        byte[] signature = doctor.key().sign(DOCUMENT, SignerId.DEFAULT, encoding);
        byte[] token = timestamped ? pki.tsa.timestamp(Digests.SM3, Sm3.digest(signature)).getEncoded() : null;
        String sm3 = HexFormat.of().formatHex(Sm3.digest(DOCUMENT));
        List<AuditRecord> chain = auditChain(sm3);
        return new EvidencePackage("sig-1", "lis", "LIS7", "DOC-7", Instant.now(), sm3, DOCUMENT,
                signature, doctor.certificate(), pki.issuing(), pki.root(), crl,
                EvidencePackage.RevocationSource.SIGNING_TIME, token, chain, anchor(chain), null,
                encoding == Sm2SignatureEncoding.PLAIN ? EvidencePackage.SignatureFormat.SM2_RS
                        : EvidencePackage.SignatureFormat.SM2_DER);
    }

    private Map<String, byte[]> files(EvidencePackage evidence) {
        return new LinkedHashMap<>(EvidencePackageWriter.files(evidence, Instant.now()));
    }

    private static byte[] zip(Map<String, byte[]> files) throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(out)) {
            for (var file : files.entrySet()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private EvidenceVerification java(Map<String, byte[]> files) throws Exception {
        return new EvidencePackageVerifier(pki.root(), null, Clock.systemUTC()).verify(zip(files));
    }

    private Openssl.Result shell(String name, Map<String, byte[]> files) throws Exception {
        Path unzipped = Files.createDirectories(dir.resolve(name));
        for (var file : files.entrySet()) {
            Path target = unzipped.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
        return Openssl.exec(unzipped, Map.of(), List.of("sh", "verify.sh"));
    }

    @Test
    void intactPackageVerifiesInJavaAndWithItsOwnShellScript() throws Exception {
        Openssl.assumeAvailable();
        Map<String, byte[]> files = files(evidence(false));
        EvidenceVerification verification = java(files);
        assertThat(verification.valid()).as(verification.toString()).isTrue();
        assertThat(verification.checks()).extracting(EvidenceVerification.Item::name)
                .containsExactly("trust", "document", "signature", "timestamp", "revocation", "audit", "sums");

        Openssl.Result shell = shell("ok", files);
        assertThat(shell.exit()).as(shell.out() + shell.err()).isZero();
        assertThat(shell.out()).contains("ALL CHECKS PASSED for signature sig-1")
                .contains("audit chain node-a/41..43");
    }

    @Test
    void evidenceRecordIsCheckedByTheShellScriptWhereverTheSignatureSitsInTheHashTree() throws Exception {
        Openssl.assumeAvailable();
        for (int position : new int[] {0, 5, 12}) {
            Map<String, byte[]> files = files(evidence(false, cms -> {
                List<byte[]> items = new ArrayList<>();
                for (int i = 0; i < 13; i++) {
                    items.add(i == position ? cms : ("其他签名 " + i).getBytes(StandardCharsets.UTF_8));
                }
                // covered, then renewed once (as before the archive TSA's certificate expires), in the middle twice
                List<byte[]> records = EvidenceRecords.renewTimestamps(EvidenceRecords.build(items, pki.tsa), pki.tsa);
                return (position == 5 ? EvidenceRecords.renewTimestamps(records, pki.tsa) : records).get(position);
            }));
            int stamps = position == 5 ? 3 : 2;
            assertThat(files).containsKeys("ers/evidence-record.ers", "ers/tsa-1-1.pem", "ers/tsa-1-" + stamps + ".pem");
            assertThat(java(files).valid()).as("Java, position %d", position).isTrue();
            Openssl.Result shell = shell("ers-" + position, files);
            assertThat(shell.exit()).as(shell.out() + shell.err()).isZero();
            assertThat(shell.out()).contains("ers/evidence-record.ers: SM3 hash tree over signature.p7s, " + stamps
                    + " archive timestamp(s) in its first chain").contains("ALL CHECKS PASSED");
        }
        // a record covering another data object: neither accepts it
        Map<String, byte[]> other = files(evidence(false, cms -> EvidenceRecords.build(
                List.of("别的签名".getBytes(StandardCharsets.UTF_8), "第二个".getBytes(StandardCharsets.UTF_8)),
                pki.tsa).get(0)));
        assertThat(java(other).valid()).isFalse();
        Openssl.Result shell = shell("ers-other", other);
        assertThat(shell.exit()).as(shell.out()).isEqualTo(1);
        assertThat(shell.out()).contains("FAILED: ers/evidence-record.ers chain 1 archive timestamp 1: its hash tree "
                + "does not contain the SM3 of signature.p7s");
    }

    @Test
    void rawSm2SignaturesVerifyInJavaAndWithTheShellScriptAndAChangedByteFailsBoth() throws Exception {
        Openssl.assumeAvailable();
        for (Sm2SignatureEncoding encoding : Sm2SignatureEncoding.values()) {
            for (boolean timestamped : new boolean[] {true, false}) {
                String name = encoding + (timestamped ? "-ts" : "");
                Map<String, byte[]> files = files(raw(encoding, timestamped));
                assertThat(files).containsKey("signature.sig").doesNotContainKey("signature.p7s");
                assertThat(new String(files.get("README.md"), StandardCharsets.UTF_8)).contains("## A raw SM2 signature")
                        .contains("| `signature.sig` | the raw SM2 signature").doesNotContain("| `signature.p7s` |");
                assertThat(new String(files.get("manifest.txt"), StandardCharsets.US_ASCII))
                        .contains("signature=signature.sig").contains("signature_format="
                                + (encoding == Sm2SignatureEncoding.PLAIN ? "sm2-rs" : "sm2-der"));
                EvidenceVerification java = java(files);
                assertThat(java.valid()).as(name + " " + java).isTrue();
                assertThat(java.checks()).extracting(EvidenceVerification.Item::name)
                        .containsExactly("trust", "document", "timestamp", "signature", "revocation", "audit", "sums");
                Openssl.Result shell = shell("raw-" + name, files);
                assertThat(shell.exit()).as(shell.out() + shell.err()).isZero();
                assertThat(shell.out()).contains("ok: signature.sig: raw SM2 signature").contains("ALL CHECKS PASSED");
                if (!timestamped) {
                    assertThat(shell.out()).contains("note: no signature timestamp");
                }

                Map<String, byte[]> changed = new LinkedHashMap<>(files);
                byte[] signature = files.get("signature.sig").clone();
                signature[signature.length - 2] ^= 0x01;
                changed.put("signature.sig", signature);
                assertThat(java(changed).valid()).as(name).isFalse();
                Openssl.Result shellChanged = shell("raw-changed-" + name, changed);
                assertThat(shellChanged.exit()).as(shellChanged.out()).isEqualTo(1);
                assertThat(shellChanged.out()).contains("FAILED: signature.sig: the SM2 signature does not verify");
            }
        }
    }

    @Test
    void handwritingImageIsCheckedAgainstItsSignedAttributeInJavaAndByTheShellScript() throws Exception {
        Openssl.assumeAvailable();
        byte[] png = png(0);
        Map<String, byte[]> files = files(handwritten(png));
        assertThat(files.get(EvidencePackageFiles.HANDWRITING)).isEqualTo(png);
        assertThat(new String(files.get(EvidencePackageFiles.MANIFEST), StandardCharsets.US_ASCII))
                .contains("handwriting=handwriting.png\n");
        assertThat(new String(files.get(EvidencePackageFiles.README), StandardCharsets.UTF_8))
                .contains("`handwriting.png`").contains(HandwritingAttribute.OID.getId());

        EvidenceVerification verification = java(files);
        assertThat(verification.valid()).as(verification.toString()).isTrue();
        assertThat(verification.checks()).extracting(EvidenceVerification.Item::name)
                .containsExactly("trust", "document", "signature", "handwriting", "timestamp", "revocation", "audit",
                        "sums");
        Openssl.Result shell = shell("handwriting", files);
        assertThat(shell.exit()).as(shell.out() + shell.err()).isZero();
        assertThat(shell.out()).contains("ok: handwriting.png: SM3 " + HexFormat.of().formatHex(Sm3.digest(png))
                + " is the signed handwriting attribute").contains("ALL CHECKS PASSED");
    }

    @Test
    void anotherHandwritingImageOrNoneFailsBoth() throws Exception {
        Openssl.assumeAvailable();
        Map<String, byte[]> files = files(handwritten(png(0)));
        Map<String, byte[]> swapped = new LinkedHashMap<>(files);
        swapped.put(EvidencePackageFiles.HANDWRITING, png(7));

        EvidenceVerification verification = java(swapped);
        assertThat(verification.firstFailure().orElseThrow().name()).isEqualTo("handwriting");
        assertThat(verification.firstFailure().orElseThrow().detail())
                .contains("is not the signed handwriting digest");
        Openssl.Result shell = shell("handwriting-swapped", swapped);
        assertThat(shell.exit()).as(shell.out()).isEqualTo(1);
        assertThat(shell.out()).contains("FAILED: handwriting.png: its SM3 is not the signed handwriting digest");

        Map<String, byte[]> missing = new LinkedHashMap<>(files);
        missing.remove(EvidencePackageFiles.HANDWRITING);
        assertThat(java(missing).firstFailure().orElseThrow().detail())
                .isEqualTo("handwriting.png is missing from the package");
        assertThat(shell("handwriting-missing", missing).exit()).isEqualTo(1);
    }

    @Test
    void changedByteOfTheCmsSignatureValueFailsBoth() throws Exception {
        Openssl.assumeAvailable();
        EvidencePackage evidence = evidence(false);
        Map<String, byte[]> files = files(evidence);
        byte[] cms = files.get(EvidencePackageFiles.CMS).clone();
        SignerInformation signer = new CMSSignedData(new org.bouncycastle.cms.CMSProcessableByteArray(DOCUMENT), cms)
                .getSignerInfos().getSigners().iterator().next();
        int at = indexOf(cms, signer.getSignature()) + 20;
        cms[at] ^= 0x01;
        files.put(EvidencePackageFiles.CMS, cms);

        EvidenceVerification verification = java(files);
        assertThat(verification.valid()).isFalse();
        assertThat(verification.firstFailure().orElseThrow().name()).isEqualTo("signature");
        Openssl.Result shell = shell("cms", files);
        assertThat(shell.exit()).as(shell.out()).isEqualTo(1);
        assertThat(shell.out()).contains("FAILED: signature.p7s");
    }

    @Test
    void changedAuditEventFailsBoth() throws Exception {
        Openssl.assumeAvailable();
        Map<String, byte[]> files = files(evidence(false));
        String name = EvidencePackageFiles.event(42);
        files.put(name, new String(files.get(name), StandardCharsets.UTF_8).replace("reason=test", "reason=tset")
                .getBytes(StandardCharsets.UTF_8));

        EvidenceVerification verification = java(files);
        assertThat(verification.firstFailure().orElseThrow().detail())
                .isEqualTo("audit event node-a/42: its text does not give its hash (changed)");
        Openssl.Result shell = shell("audit", files);
        assertThat(shell.exit()).isEqualTo(1);
        assertThat(shell.out()).contains("FAILED: audit event node-a/42: its text does not give its hash (changed)");
    }

    @Test
    void crlRevokingTheSignerFailsBoth() throws Exception {
        Openssl.assumeAvailable();
        Map<String, byte[]> files = files(evidence(true));
        EvidenceVerification verification = java(files);
        assertThat(verification.firstFailure().orElseThrow().name()).isEqualTo("signature");
        Openssl.Result shell = shell("revoked", files);
        assertThat(shell.exit()).isEqualTo(1);
        assertThat(shell.out()).contains("as revoked");
    }

    @Test
    void zipThatIsNotAnEvidencePackageIsBadInput() throws Exception {
        assertThatThrownBy(() -> EvidencePackageVerifier.read("not a zip".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageStartingWith("not a MedSign evidence package: no manifest.txt");
        byte[] other = zip(Map.of("hello.txt", "hi".getBytes(StandardCharsets.US_ASCII)));
        assertThatThrownBy(() -> EvidencePackageVerifier.read(other)).isInstanceOf(MalformedInputException.class)
                .hasMessage("not a MedSign evidence package: no manifest.txt");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
