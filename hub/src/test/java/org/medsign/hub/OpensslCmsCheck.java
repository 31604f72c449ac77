package org.medsign.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.cert.DistinguishedNames;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.cms.ParsedSignedData;
import org.medsign.crypto.interop.Openssl;
import org.medsign.crypto.interop.OpensslRecipe;

/**
 * Verifies a hub signature with the OpenSSL 3 CLI only, against the hub's CA chain: the signer certificate chains to
 * the issuing CA and the root, and the CMS signature and its signature timestamp check out (the recipe a relying
 * party would run). Skips the test where OpenSSL is absent.
 */
public final class OpensslCmsCheck {

    private OpensslCmsCheck() {
    }

    /**
     * @param work    an empty working directory
     * @param cms     DER CMS SignedData made by the hub
     * @param content the signed bytes (detached content)
     * @param chain   the hub's chain: issuing CA first, then the root
     * @return the signer's staff id (subject serialNumber)
     */
    public static String verify(Path work, byte[] cms, byte[] content, List<X509CertificateHolder> chain)
            throws IOException {
        Openssl.assumeAvailable();
        Files.createDirectories(work);
        Files.writeString(work.resolve("issuing.pem"), Pem.certificatePem(chain.get(0)));
        Files.writeString(work.resolve("root.pem"), Pem.certificatePem(chain.get(chain.size() - 1)));
        var parsed = ParsedSignedData.parse(cms, content);
        X509CertificateHolder signer = (X509CertificateHolder) parsed.signedData().getCertificates()
                .getMatches(parsed.signedData().getSignerInfos().getSigners().iterator().next().getSID())
                .iterator().next();
        Files.writeString(work.resolve("signer.pem"), Pem.certificatePem(signer));
        Openssl.run(work, "verify", "-vfyopt", OpensslRecipe.DISTID, "-CAfile", "issuing.pem", "-partial_chain",
                "signer.pem").ok();
        Openssl.run(work, "verify", "-vfyopt", OpensslRecipe.DISTID, "-CAfile", "root.pem", "issuing.pem").ok();
        String commands = OpensslRecipe.write(work.resolve("recipe"), OpensslRecipe.forCms(cms, content));
        Openssl.Result result = Openssl.exec(work.resolve("recipe"), Map.of(),
                List.of("sh", "-c", "set -e\n" + commands)).ok();
        assertThat(result.out()).contains("signer digest OK").contains("signer-timestamp digest OK");
        return DistinguishedNames.first(signer.getSubject(), BCStyle.SERIALNUMBER);
    }
}
