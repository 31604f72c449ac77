package org.medsign.hub.lifecycle.expiry;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.medsign.crypto.ca.CaHierarchy;
import org.medsign.crypto.ca.CaSettings;
import org.medsign.crypto.ca.CertificateRequest;
import org.medsign.crypto.ca.EmbeddedCertificateAuthority;
import org.medsign.crypto.ca.InMemoryCertificateStore;
import org.medsign.crypto.sm.Sm2;

/** A ledger import body for renewal campaigns: staff whose certificates, from another CA, expire in 20 days. */
public final class ExpiringRoster {

    private static final String[] DEPARTMENTS = {"心内科", "呼吸内科", "骨科", "儿科", "急诊科", "检验科"};

    private ExpiringRoster() {
    }

    /**
     * {@code active} active staff S00001… and then {@code left} who left, each with an external certificate expiring in
     * 20 days, and {@code orphans} certificates of nobody on the roster; the JSON of {@code POST /api/v1/ledger/import}.
     */
    public static String importBody(int active, int left, int orphans) throws Exception {
        CaHierarchy other = CaHierarchy.create(new X500Name("CN=某省CA,O=某省数字证书认证中心,C=CN"), CaSettings.defaults(),
                Clock.systemUTC());
        EmbeddedCertificateAuthority ca = EmbeddedCertificateAuthority.builder().issuingKey(other.issuingKey())
                .issuingCertificate(other.issuing()).issuers(List.of(other.root())).store(new InMemoryCertificateStore())
                .settings(CaSettings.defaults()).clock(Clock.systemUTC()).build();
        // the ledger never needs the holders' private keys: one public key serves every imported certificate
        SubjectPublicKeyInfo key = Sm2.toSubjectPublicKeyInfo(Sm2.generateKeyPair(new SecureRandom()).publicKey());
        Instant now = Instant.now();
        StringBuilder staff = new StringBuilder("staff_id,name,id_card_no,department,post,employment_status,mobile\n");
        List<Map<String, String>> certificates = new ArrayList<>();
        for (int i = 1; i <= active + left + orphans; i++) {
            String staffId = String.format("S%05d", i);
            String department = DEPARTMENTS[i % DEPARTMENTS.length];
            String name = "员工" + i;
            boolean orphan = i > active + left;
            if (!orphan) {
                staff.append(staffId).append(',').append(name).append(",,").append(department).append(",医师,")
                        .append(i > active ? "left" : "active").append(",\n");
            }
            byte[] der = ca.issue(CertificateRequest.builder()
                    .subject(new X500Name("C=CN,OU=" + department + ",CN=" + name + ",SERIALNUMBER="
                            + (orphan ? "X" : "") + staffId))
                    .publicKey(key).validity(now.minus(Duration.ofDays(700)), now.plus(Duration.ofDays(20))).build())
                    .getEncoded();
            certificates.add(Map.of("name", staffId + ".der", "content", Base64.getEncoder().encodeToString(der)));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("staffCsv", staff.toString());
        body.put("accountsCsv", "system,account,staff_id\n");
        body.put("certificates", certificates);
        return new ObjectMapper().writeValueAsString(body);
    }
}
