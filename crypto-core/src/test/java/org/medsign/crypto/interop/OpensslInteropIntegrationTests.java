package org.medsign.crypto.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.crypto.TestPki;
import org.medsign.crypto.ca.CertificateProfile;
import org.medsign.crypto.ca.CertificateRequest;
import org.medsign.crypto.ca.RevocationReason;
import org.medsign.crypto.cert.DistinguishedNames;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.cms.CmsFlavour;
import org.medsign.crypto.cms.CmsSigner;
import org.medsign.crypto.cms.HandwritingAttribute;
import org.medsign.crypto.key.KeyFiles;
import org.medsign.crypto.key.SoftwareSigningKey;
import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.sm.Sm2SignatureEncoding;
import org.medsign.crypto.verify.CertificatePathValidator;
import org.medsign.crypto.verify.KeyPurpose;
import org.medsign.crypto.verify.ReasonCode;
import org.medsign.crypto.verify.RevocationData;
import org.medsign.crypto.verify.VerificationReport;

/**
 * Both directions of interop with the OpenSSL 3.0 CLI, using only the commands that take the SM2 ID
 * (see docs/interop.md): OpenSSL checks what crypto-core makes, and crypto-core accepts what OpenSSL makes.
 */
class OpensslInteropIntegrationTests {

    private static final String DISTID = "distid:1234567812345678";
    private static final byte[] CONTENT = "手术记录：麻醉顺利。".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final TestPki pki = new TestPki();

    @BeforeEach
    void requireOpenssl() {
        Openssl.assumeAvailable();
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private Path writePem(String name, String pem) throws Exception {
        return write(name, pem.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void opensslVerifiesOurChainLinkByLinkWithTheStandardId() throws Exception {
        TestPki.Holder doctor = pki.issue("CN=张医生,OU=麻醉科,O=Test Hospital,C=CN,SERIALNUMBER=D0003");
        writePem("root.pem", Pem.certificatePem(pki.root()));
        writePem("issuing.pem", Pem.certificatePem(pki.issuing()));
        writePem("ee.pem", Pem.certificatePem(doctor.certificate()));
        writePem("tsa.pem", Pem.certificatePem(pki.hierarchy.tsa()));

        assertThat(Openssl.run(dir, "verify", "-vfyopt", DISTID, "-CAfile", "issuing.pem", "-partial_chain",
                "ee.pem").ok().out()).contains("ee.pem: OK");
        assertThat(Openssl.run(dir, "verify", "-vfyopt", DISTID, "-CAfile", "root.pem", "issuing.pem").ok().out())
                .contains("OK");
        assertThat(Openssl.run(dir, "verify", "-vfyopt", DISTID, "-CAfile", "issuing.pem", "-partial_chain",
                "-purpose", "timestampsign", "tsa.pem").ok().out()).contains("OK");
        String text = Openssl.run(dir, "x509", "-in", "tsa.pem", "-noout", "-text").ok().out();
        assertThat(text).contains("X509v3 Extended Key Usage: critical").contains("Time Stamping");
        String ee = Openssl.run(dir, "x509", "-in", "ee.pem", "-noout", "-text", "-nameopt", "utf8").ok().out();
        assertThat(ee).contains("Digital Signature, Non Repudiation").contains("serialNumber").contains("SM2-with-SM3");
    }

    @Test
    void opensslShowsTheOrganisationSealPolicyAndVerifiesTheCertificate() throws Exception {
        SoftwareSigningKey key = SoftwareSigningKey.generate("org");
        X509CertificateHolder organisation = pki.ca.issue(CertificateRequest.builder()
                .subject(DistinguishedNames.parse("CN=检验科,OU=检验科,O=Test Hospital,C=CN,SERIALNUMBER=ORG-1A2B3C4D"))
                .publicKey(key.publicKeyInfo()).profile(CertificateProfile.ORGANISATION_SIGNING).build());
        writePem("issuing.pem", Pem.certificatePem(pki.issuing()));
        writePem("org.pem", Pem.certificatePem(organisation));

        assertThat(Openssl.run(dir, "verify", "-vfyopt", DISTID, "-CAfile", "issuing.pem", "-partial_chain",
                "-policy", CertificateProfile.ORGANISATION_SEAL_POLICY.getId(), "-explicit_policy", "org.pem").ok()
                .out()).contains("org.pem: OK");
        String text = Openssl.run(dir, "x509", "-in", "org.pem", "-noout", "-text", "-nameopt", "utf8").ok().out();
        assertThat(text).contains("X509v3 Certificate Policies:")
                .contains("Policy: 2.25.14544688885188277567187530668926569061.3.1")
                .contains("Digital Signature, Non Repudiation").contains("CRL Distribution Points")
                .contains("OCSP - URI:").contains("CN=检验科").doesNotContain("Extended Key Usage");
    }

    @Test
    void opensslChecksCmsSignerInfosAndDigestsAttachedAndDetached() throws Exception {
        TestPki.Holder doctor = pki.issue("CN=张医生,OU=麻醉科,O=Test Hospital,C=CN");
        for (boolean attached : new boolean[] {false, true}) {
            byte[] cms = CmsSigner.builder().key(doctor.key()).certificate(doctor.certificate()).chain(pki.chain())
                    .attached(attached).timestamps(pki.tsa).build().sign(CONTENT);
            Path recipe = dir.resolve(attached ? "attached" : "detached");
            String commands = OpensslRecipe.write(recipe, OpensslRecipe.forCms(cms, attached ? null : CONTENT));
            Files.writeString(recipe.resolve("verify.sh"), "set -e\n" + commands);
            write("doc.p7s", cms);

            Openssl.Result result = Openssl.exec(recipe, java.util.Map.of(), List.of("sh", "verify.sh")).ok();
            assertThat(result.out()).contains("Signature Verified Successfully").contains("signer digest OK")
                    .contains("signer-timestamp digest OK");
            assertThat(Openssl.run(dir, "cms", "-cmsout", "-print", "-inform", "DER", "-in", "doc.p7s").ok().out())
                    .contains("1.2.156.10197.1.501").contains("1.2.840.113549.1.9.16.2.14");
        }
    }

    @Test
    void opensslVerifiesACmsWithTheHandwritingAttributeAndFindsThePngsSm3InIt() throws Exception {
        TestPki.Holder patient = pki.issue("CN=张三,OU=患者,O=Test Hospital,C=CN");
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(240, 100,
                java.awt.image.BufferedImage.TYPE_INT_ARGB);
        var graphics = image.createGraphics();
        graphics.setColor(java.awt.Color.BLACK);
        graphics.drawLine(5, 5, 230, 90);
        graphics.dispose();
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        Path png = write("hand.png", out.toByteArray());
        byte[] cms = CmsSigner.builder().key(patient.key()).certificate(patient.certificate()).chain(pki.chain())
                .handwriting(HandwritingAttribute.ofPng(out.toByteArray())).timestamps(pki.tsa).build().sign(CONTENT);
        Path recipe = dir.resolve("handwriting");
        String commands = OpensslRecipe.write(recipe, OpensslRecipe.forCms(cms, CONTENT));

        Openssl.Result result = Openssl.exec(recipe, java.util.Map.of(), List.of("sh", "-c", "set -e\n" + commands))
                .ok();
        assertThat(result.out()).contains("Signature Verified Successfully").contains("signer digest OK")
                .contains("signer-timestamp digest OK");
        // the attribute as OpenSSL sees it in the signed bytes: its OID, then the SM3 of the PNG
        String attributes = Openssl.run(recipe, "asn1parse", "-inform", "DER", "-in", "signer.tbs.der").ok().out();
        String oid = HandwritingAttribute.OID.getId();
        assertThat(attributes).contains(":" + oid).contains("sm3").contains("image/png");
        String after = attributes.substring(attributes.indexOf(":" + oid));
        String digest = after.substring(after.indexOf("[HEX DUMP]:") + "[HEX DUMP]:".length()).lines().findFirst()
                .orElseThrow().trim().toLowerCase();
        String dgst = Openssl.run(dir, "dgst", "-sm3", "-r", png.getFileName().toString()).ok().out().split(" ")[0];
        assertThat(digest).isEqualTo(dgst);
    }

    @Test
    void tamperedSignedAttributesFailOpensslsCheck() throws Exception {
        TestPki.Holder doctor = pki.issue("CN=X,O=Test Hospital,C=CN");
        byte[] cms = CmsSigner.builder().key(doctor.key()).certificate(doctor.certificate()).build().sign(CONTENT);
        OpensslRecipe.write(dir, OpensslRecipe.forCms(cms, CONTENT));
        byte[] tbs = Files.readAllBytes(dir.resolve("signer.tbs.der"));
        tbs[tbs.length - 1] ^= 1;
        Files.write(dir.resolve("signer.tbs.der"), tbs);

        Openssl.Result result = Openssl.exec(dir, java.util.Map.of(), List.of("sh", "-c",
                OpensslRecipe.verifyCommand("signer")));
        assertThat(result.exit()).isNotZero();
    }

    @Test
    void opensslChecksOurCrlAndOcspResponseSignatures() throws Exception {
        TestPki.Holder doctor = pki.issue("CN=Y,O=Test Hospital,C=CN");
        pki.ca.revoke(doctor.certificate().getSerialNumber(), RevocationReason.KEY_COMPROMISE);
        X509CRLHolder crl = pki.ca.generateCrl();
        writePem("crl.pem", Pem.crlPem(crl));
        String crlText = Openssl.run(dir, "crl", "-in", "crl.pem", "-noout", "-text").ok().out();
        assertThat(crlText).contains("Key Compromise").contains("Next Update").contains("X509v3 CRL Number");

        var request = new OCSPReqBuilder().addRequest(new CertificateID(Digests.provider().get(CertificateID.HASH_SHA1),
                pki.issuing(), doctor.certificate().getSerialNumber())).build();
        byte[] ocsp = pki.ca.respondOcsp(request.getEncoded());
        write("resp.der", ocsp);
        assertThat(Openssl.run(dir, "ocsp", "-respin", "resp.der", "-resp_text", "-noverify").out())
                .contains("Cert Status: revoked").contains("keyCompromise");

        Path recipe = dir.resolve("recipe");
        String commands = OpensslRecipe.write(recipe, List.of(OpensslRecipe.forCrl(crl, pki.issuing()),
                OpensslRecipe.forOcspResponse(ocsp, pki.issuing())));
        Openssl.Result result = Openssl.exec(recipe, java.util.Map.of(), List.of("sh", "-c", "set -e\n" + commands)).ok();
        assertThat(result.out().split("Signature Verified Successfully", -1)).hasSize(3);
    }

    @Test
    void opensslReadsOurEncryptedKeyFiles() throws Exception {
        TestPki.Holder doctor = pki.issue("CN=Z,O=Test Hospital,C=CN");
        writePem("key.pem", KeyFiles.encryptedPem(doctor.key().exportPrivateKeyInfo(), "pw-123".toCharArray(), 2048));

        Openssl.Result result = Openssl.exec(dir, java.util.Map.of("KEYPW", "pw-123"),
                List.of("openssl", "pkey", "-in", "key.pem", "-passin", "env:KEYPW", "-pubout")).ok();
        assertThat(KeyFiles.parsePublicKey(result.out()).getQ()).isEqualTo(doctor.key().publicKey().getQ());
        Openssl.Result wrong = Openssl.exec(dir, java.util.Map.of("KEYPW", "nope"),
                List.of("openssl", "pkey", "-in", "key.pem", "-passin", "env:KEYPW", "-noout"));
        assertThat(wrong.exit()).isNotZero();
    }

    @Test
    void weAcceptOpensslCertificatesAndRawSignaturesMadeWithTheStandardId() throws Exception {
        Openssl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", "ca.key").ok();
        Openssl.run(dir, "req", "-x509", "-new", "-key", "ca.key", "-sm3", "-sigopt", DISTID, "-subj",
                "/C=CN/O=OpenSSL Hospital/CN=OpenSSL Root", "-days", "30", "-addext",
                "keyUsage=critical,keyCertSign,cRLSign", "-out", "ca.pem").ok();
        Openssl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", "ee.key").ok();
        Openssl.run(dir, "req", "-new", "-key", "ee.key", "-sm3", "-sigopt", DISTID, "-subj",
                "/C=CN/O=OpenSSL Hospital/CN=Doctor", "-out", "ee.csr").ok();
        Files.writeString(dir.resolve("ext.cnf"), "keyUsage=critical,digitalSignature,nonRepudiation\n");
        Openssl.run(dir, "x509", "-req", "-in", "ee.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-sm3", "-sigopt", DISTID, "-vfyopt", DISTID, "-extfile", "ext.cnf", "-days", "10", "-out", "ee.pem").ok();

        X509CertificateHolder root = Pem.readCertificates(dir.resolve("ca.pem")).get(0);
        X509CertificateHolder ee = Pem.readCertificates(dir.resolve("ee.pem")).get(0);
        VerificationReport report = new CertificatePathValidator(List.of(root), RevocationData.NONE, false,
                Clock.systemUTC()).validate(ee, List.of(), Instant.now(), KeyPurpose.SIGNING);
        assertThat(report.valid()).as(report.toText()).isTrue();
        assertThat(report.warnings()).noneMatch(c -> c.reason() == ReasonCode.NON_STANDARD_SIGNER_ID);

        Files.write(dir.resolve("data.bin"), CONTENT);
        Openssl.run(dir, "pkeyutl", "-sign", "-rawin", "-digest", "sm3", "-pkeyopt", DISTID, "-inkey", "ee.key",
                "-in", "data.bin", "-out", "data.sig").ok();
        byte[] signature = Files.readAllBytes(dir.resolve("data.sig"));
        var publicKey = Sm2.fromSubjectPublicKeyInfo(ee.getSubjectPublicKeyInfo());
        assertThat(Sm2.verify(publicKey, SignerId.DEFAULT, CONTENT, signature, Sm2SignatureEncoding.DER)).isTrue();
        assertThat(Sm2.verify(publicKey, SignerId.DEFAULT, "other".getBytes(), signature, Sm2SignatureEncoding.DER))
                .isFalse();
    }

    @Test
    void weAcceptOpensslCrls() throws Exception {
        Openssl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", "ca.key").ok();
        Openssl.run(dir, "req", "-x509", "-new", "-key", "ca.key", "-sm3", "-sigopt", DISTID, "-subj",
                "/C=CN/CN=OpenSSL CRL CA", "-days", "30", "-out", "ca.pem").ok();
        Files.writeString(dir.resolve("index.txt"), "");
        Files.writeString(dir.resolve("crlnumber"), "01\n");
        Files.writeString(dir.resolve("ca.cnf"), """
                [ ca ]
                default_ca = demo
                [ demo ]
                database = index.txt
                crlnumber = crlnumber
                default_md = sm3
                default_crl_days = 7
                """);
        Openssl.run(dir, "ca", "-config", "ca.cnf", "-gencrl", "-keyfile", "ca.key", "-cert", "ca.pem",
                "-sigopt", DISTID, "-out", "crl.pem").ok();

        X509CRLHolder crl = Pem.readCrl(dir.resolve("crl.pem"));
        X509CertificateHolder ca = Pem.readCertificates(dir.resolve("ca.pem")).get(0);
        assertThat(crl.isSignatureValid(org.medsign.crypto.operator.Sm2ContentVerifierProvider.of(ca))).isTrue();
    }

    @Test
    void certificatesSignedByOpensslWithTheEmptyIdAreFlaggedNotRejected() throws Exception {
        Openssl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", "ca.key").ok();
        Openssl.run(dir, "req", "-x509", "-new", "-key", "ca.key", "-sm3", "-subj", "/C=CN/CN=Empty ID Root",
                "-days", "30", "-out", "ca.pem").ok();
        Openssl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", "ee.key").ok();
        Openssl.run(dir, "req", "-new", "-key", "ee.key", "-sm3", "-subj", "/C=CN/CN=Empty ID Doctor", "-out",
                "ee.csr").ok();
        Openssl.run(dir, "x509", "-req", "-in", "ee.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-sm3", "-days", "10", "-out", "ee.pem").ok();

        X509CertificateHolder root = Pem.readCertificates(dir.resolve("ca.pem")).get(0);
        X509CertificateHolder ee = Pem.readCertificates(dir.resolve("ee.pem")).get(0);
        VerificationReport report = new CertificatePathValidator(List.of(root), RevocationData.NONE, false,
                Clock.systemUTC()).validate(ee, List.of(), Instant.now(), KeyPurpose.ANY);

        assertThat(report.valid()).as(report.toText()).isTrue();
        assertThat(report.warnings()).anyMatch(c -> c.reason() == ReasonCode.NON_STANDARD_SIGNER_ID);
    }

    @Test
    void gmt0010FlavourIsReadableByOpensslAsAsn1() throws Exception {
        TestPki.Holder doctor = pki.issue("CN=GM,O=Test Hospital,C=CN");
        byte[] cms = CmsSigner.builder().key(doctor.key()).certificate(doctor.certificate())
                .flavour(CmsFlavour.GMT0010).attached(true).build().sign(CONTENT);
        write("gm.p7s", cms);
        assertThat(Openssl.run(dir, "asn1parse", "-inform", "DER", "-in", "gm.p7s").ok().out())
                .contains("1.2.156.10197.6.1.4.2.2").contains("1.2.156.10197.6.1.4.2.1");
        Path recipe = dir.resolve("gm");
        String commands = OpensslRecipe.write(recipe, OpensslRecipe.forCms(cms, null));
        Openssl.exec(recipe, java.util.Map.of(), List.of("sh", "-c", "set -e\n" + commands)).ok();
    }
}
