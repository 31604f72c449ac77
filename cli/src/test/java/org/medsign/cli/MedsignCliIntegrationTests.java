package org.medsign.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medsign.crypto.interop.Openssl;

/**
 * The contract of issue #2, exactly as an outsider runs it: {@code java -jar cli/target/medsign.jar} as a separate
 * process with the password in an environment variable, and OpenSSL 3 checking what comes out.
 */
class MedsignCliIntegrationTests {

    private static final String PASSWORD = "ceremony-Pa55";
    private static final String DISTID = "distid:1234567812345678";

    @TempDir
    Path dir;

    private static Path jar;

    @BeforeAll
    static void findJar() {
        jar = Path.of(System.getProperty("medsign.jar", "target/medsign.jar"));
        assertThat(jar).as("the shaded CLI jar (built by 'package')").exists();
    }

    @BeforeEach
    void requireOpenssl() {
        Openssl.assumeAvailable();
    }

    private Openssl.Result medsign(String... args) {
        return medsign(Map.of("MEDSIGN_CA_PASSWORD", PASSWORD), args);
    }

    private Openssl.Result medsign(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of("java", "-jar", jar.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return Openssl.exec(dir, env, command);
    }

    private Openssl.Result sh(String script) {
        return Openssl.exec(dir, Map.of(), List.of("sh", "-c", script));
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Test
    void fullOfflineSessionIsAcceptedByOpenssl() throws Exception {
        medsign("ca", "init", "--dir", "ca", "--subject", "CN=Demo Hospital Root CA,O=Demo Hospital,C=CN").ok();
        assertThat(dir.resolve("ca/root.pem")).exists();
        assertThat(dir.resolve("ca/issuing.pem")).exists();
        assertThat(dir.resolve("ca/tsa.pem")).exists();
        assertThat(Files.readString(dir.resolve("ca/issuing.key"))).contains("ENCRYPTED PRIVATE KEY");
        Openssl.run(dir, "verify", "-vfyopt", DISTID, "-CAfile", "ca/root.pem", "ca/issuing.pem").ok();
        assertThat(Openssl.run(dir, "x509", "-in", "ca/tsa.pem", "-noout", "-ext", "extendedKeyUsage").ok().out())
                .contains("critical").contains("Time Stamping");

        String serial = medsign("cert", "issue", "--ca", "ca", "--subject",
                "CN=张三,OU=心内科,O=Demo Hospital,C=CN,SERIALNUMBER=D0001", "--out", "zhang", "--days", "365")
                .ok().out().trim();
        assertThat(serial).matches("[0-9A-F]{16,40}");
        assertThat(Openssl.run(dir, "x509", "-in", "zhang.pem", "-noout", "-serial").ok().out().trim())
                .isEqualTo("serial=" + serial);
        Openssl.run(dir, "verify", "-vfyopt", DISTID, "-CAfile", "ca/issuing.pem", "-partial_chain", "zhang.pem").ok();
        Openssl.exec(dir, Map.of("P", PASSWORD), List.of("openssl", "pkey", "-in", "zhang.key", "-passin", "env:P",
                "-noout")).ok();

        write("doc.txt", "出院小结：患者恢复良好。\n");
        medsign("sign", "--key", "zhang.key", "--cert", "zhang.pem", "--in", "doc.txt", "--out", "doc.p7s").ok();
        medsign("sign", "--key", "zhang.key", "--cert", "zhang.pem", "--in", "doc.txt", "--out", "att.p7s",
                "--attached", "--gm").ok();
        assertThat(medsign("verify", "--in", "doc.p7s", "--content", "doc.txt", "--trust", "ca/root.pem").ok().out())
                .startsWith("VALID");
        assertThat(medsign("verify", "--in", "att.p7s", "--trust", "ca/root.pem").ok().out()).contains("GMT0010");

        Openssl.Result recipe = medsign("openssl-recipe", "doc.p7s", "--content", "doc.txt", "--out", "recipe").ok();
        assertThat(recipe.out()).contains("openssl pkeyutl -verify -rawin -digest sm3 -pkeyopt " + DISTID);
        assertThat(sh("sh recipe/verify.sh").ok().out()).contains("Signature Verified Successfully")
                .contains("signer digest OK");
        sh("cat ca/issuing.pem ca/root.pem > chain.pem").ok();
        medsign("openssl-recipe", "doc.p7s", "--content", "doc.txt", "--chain", "chain.pem", "--out", "recipe2").ok();
        assertThat(sh("sh recipe2/verify.sh").ok().out()).contains("signer.cert.pem: OK").contains("chain-1.pem: OK");

        Openssl.run(dir, "ts", "-query", "-data", "doc.txt", "-sm3", "-cert", "-out", "req.tsq").ok();
        medsign("ts", "stamp", "--ca", "ca", "--in", "req.tsq", "--out", "resp.tsr").ok();
        String reply = Openssl.run(dir, "ts", "-reply", "-in", "resp.tsr", "-text").ok().out();
        assertThat(reply).contains("Status: Granted.").contains("Hash Algorithm: sm3").contains("Nonce:");
        medsign("ts", "verify", "--in", "resp.tsr", "--data", "doc.txt", "--trust", "ca/root.pem").ok();
        medsign("openssl-recipe", "resp.tsr", "--kind", "tsr", "--out", "ts-recipe").ok();
        assertThat(sh("sh ts-recipe/verify.sh").ok().out()).contains("Signature Verified Successfully")
                .contains("timestamp digest OK");

        medsign("cert", "revoke", "--ca", "ca", "--serial", serial, "--reason", "keyCompromise").ok();
        medsign("crl", "--ca", "ca", "--out", "ca.crl").ok();
        assertThat(Openssl.run(dir, "crl", "-in", "ca.crl", "-noout", "-text").ok().out()).contains(serial)
                .contains("Key Compromise");
        medsign("openssl-recipe", "ca.crl", "--kind", "crl", "--issuer", "ca/issuing.pem", "--out", "crl-recipe").ok();
        sh("sh crl-recipe/verify.sh").ok();
        Openssl.Result revoked = medsign("verify", "--in", "doc.p7s", "--content", "doc.txt", "--trust", "ca/root.pem",
                "--crl", "ca.crl");
        assertThat(revoked.exit()).isEqualTo(1);
        assertThat(revoked.err()).contains("CERTIFICATE_REVOKED");
    }

    @Test
    void holdAndReleaseShowInTheCrl() throws Exception {
        medsign("ca", "init", "--dir", "ca", "--subject", "/C=CN/O=Demo/CN=Hold CA").ok();
        String serial = medsign("cert", "issue", "--ca", "ca", "--subject", "CN=李四,O=Demo,C=CN", "--out", "li")
                .ok().out().trim();
        medsign("cert", "revoke", "--ca", "ca", "--serial", serial, "--reason", "certificateHold").ok();
        medsign("crl", "--ca", "ca", "--out", "held.crl").ok();
        assertThat(Openssl.run(dir, "crl", "-in", "held.crl", "-noout", "-text").ok().out()).contains("Certificate Hold");
        medsign("cert", "release", "--ca", "ca", "--serial", serial).ok();
        medsign("crl", "--ca", "ca", "--out", "released.crl").ok();
        assertThat(Openssl.run(dir, "crl", "-in", "released.crl", "-noout", "-text").ok().out())
                .contains("No Revoked Certificates");
    }

    @Test
    void badInputGivesClearErrorsAndNonZeroExitWithoutStackTraces() throws Exception {
        medsign("ca", "init", "--dir", "ca", "--subject", "CN=Errors CA,C=CN").ok();
        Openssl.Result wrongPassword = medsign(Map.of("MEDSIGN_CA_PASSWORD", "not-it"), "cert", "issue", "--ca", "ca",
                "--subject", "CN=X", "--out", "x");
        assertThat(wrongPassword.exit()).isEqualTo(4);
        assertThat(wrongPassword.err()).contains("wrong password").doesNotContain("Exception");

        Openssl.Result missing = medsign("sign", "--key", "nope.key", "--cert", "nope.pem", "--in", "nope.txt",
                "--out", "x.p7s");
        assertThat(missing.exit()).isEqualTo(3);
        assertThat(missing.err()).contains("file not found").doesNotContain("\tat ");

        write("garbage.p7s", "this is not DER");
        write("doc.txt", "x");
        Openssl.Result garbage = medsign("verify", "--in", "garbage.p7s", "--content", "doc.txt", "--trust",
                "ca/root.pem");
        assertThat(garbage.exit()).isEqualTo(1);
        assertThat(garbage.err()).contains("MALFORMED_INPUT");

        write("bad.tsq", "garbage");
        Openssl.Result badTsq = medsign("ts", "stamp", "--ca", "ca", "--in", "bad.tsq", "--out", "bad.tsr");
        assertThat(badTsq.exit()).isEqualTo(3);
        assertThat(badTsq.err()).contains("rejected");

        Openssl.run(dir, "ts", "-query", "-data", "doc.txt", "-sha1", "-out", "sha1.tsq").ok();
        Openssl.Result sha1 = medsign("ts", "stamp", "--ca", "ca", "--in", "sha1.tsq", "--out", "sha1.tsr");
        assertThat(sha1.exit()).isEqualTo(3);
        assertThat(Openssl.run(dir, "ts", "-reply", "-in", "sha1.tsr", "-text").ok().out())
                .contains("Status: Rejected.").contains("unrecognized or unsupported algorithm identifier");

        Openssl.Result exists = medsign("ca", "init", "--dir", "ca", "--subject", "CN=Again");
        assertThat(exists.exit()).isEqualTo(5);
        assertThat(exists.err()).contains("already exists");

        Openssl.Result badDn = medsign("cert", "issue", "--ca", "ca", "--subject", "NOPE", "--out", "y");
        assertThat(badDn.exit()).isEqualTo(3);
        assertThat(badDn.err()).contains("distinguished name");
    }
}
