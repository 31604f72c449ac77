package org.medsign.hub.demo;

import java.nio.file.Path;
import java.time.Instant;

import org.medsign.hub.HubProperties;
import org.medsign.hub.SecretFiles;
import org.medsign.hub.lifecycle.ledger.HospitalSystems;
import org.medsign.hub.lifecycle.ledger.SigningPolicies;
import org.medsign.hub.lifecycle.ledger.SigningPolicy;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.medsign.hub.lifecycle.ledger.StaffRepository;
import org.medsign.hub.mobile.AppActivations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The embedded default's demo data, created once: staff D0001…D0010 (department 演示科室) with hub-held signing
 * certificates, and the system {@code demo} and the five hospital systems whose accounts equal the staff ids, all under
 * the {@code window} signing policy: a request signs at once while its signer holds an open signing window for that
 * system, and becomes a pending task otherwise (no blanket authorization). At every start, each demo signer whose app
 * is not activated gets a fresh one-time activation code, listed in {@code $MEDSIGN_HOME/secrets/demo-activation-codes}
 * (owner-only, {@code <staff id> <code>} per line), so that a demo can activate the app at {@code /m/} (or with
 * {@code medsign app window}) and open a signing window. The demo API key is {@code MEDSIGN_DEMO_API_KEY} when set (re-applied at every start), else generated and
 * written to {@code $MEDSIGN_HOME/secrets/demo-api-key}.
 */
@Component
@Order(10)
public class DemoData {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    public static final String DEMO_SYSTEM = "demo";
    /** The file (in the secrets directory) with the demo signers' activation codes. */
    public static final String ACTIVATION_CODES = "demo-activation-codes";
    /** The hospital systems of the embedded default, each with accounts D0001…D0010, under the window policy. */
    static final String[][] SYSTEMS = {{"his", "医院信息系统 HIS"}, {"lis", "检验系统 LIS"}, {"pacs", "影像系统 PACS"},
            {"anesthesia", "手术麻醉系统"}, {"physical-exam", "体检系统"}};
    private static final String[] NAMES = {"张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄涛", "周丽", "吴强"};
    private static final String[] POSTS = {"主任医师", "副主任医师", "主治医师", "住院医师", "主管护师"};

    public DemoData(DemoProperties demo, StaffRepository staff, StaffCertificates certificates, HospitalSystems systems,
                    SigningPolicies policies, AppActivations activations, HubProperties hub,
                    TransactionTemplate transactions) {
        if (!demo.enabled()) {
            return;
        }
        String envKey = System.getenv("MEDSIGN_DEMO_API_KEY");
        transactions.executeWithoutResult(status -> {
            if (systems.exists(DEMO_SYSTEM)) {
                return;
            }
            Instant now = Instant.now();
            String key = systems.register(DEMO_SYSTEM, "演示系统 (demo)", envKey);
            if (envKey == null || envKey.isEmpty()) {
                SecretFiles.writeOwnerOnly(hub.home().resolve("secrets").resolve("demo-api-key"), key);
                log.warn("Generated the demo system's API key; it is in {} (owner-only)",
                        hub.home().resolve("secrets").resolve("demo-api-key").toAbsolutePath());
            }
            for (int i = 1; i <= 10; i++) {
                String staffId = String.format("D%04d", i);
                String name = NAMES[i - 1];
                String post = POSTS[(i - 1) % POSTS.length];
                staff.insertActive(staffId, name, "演示科室", post, now);
                certificates.issue(staffId, name, "演示科室", post, now, null);
                systems.mapAccount(DEMO_SYSTEM, staffId, staffId);
            }
            log.info("Created demo staff D0001…D0010 with certificates and the system 'demo'");
        });
        if (envKey != null && !envKey.isEmpty()) {
            systems.setKey(DEMO_SYSTEM, envKey);
        }
        for (String[] system : SYSTEMS) {
            transactions.executeWithoutResult(status -> {
                if (systems.exists(system[0])) {
                    return;
                }
                Instant now = Instant.now();
                String key = systems.register(system[0], system[1], null);
                SecretFiles.writeOwnerOnly(hub.home().resolve("secrets").resolve(system[0] + "-api-key"), key);
                for (int i = 1; i <= 10; i++) {
                    String staffId = String.format("D%04d", i);
                    systems.mapAccount(system[0], staffId, staffId);
                }
                log.info("Created demo system '{}' with accounts D0001…D0010", system[0]);
            });
        }
        writeActivationCodes(activations, hub, transactions);
        // also for a data directory of an earlier version (whose demo systems had blanket authorizations)
        transactions.executeWithoutResult(status -> {
            for (String system : demoSystems()) {
                if (policies.ofSystem(system).isEmpty()) {
                    policies.bootstrap(system, SigningPolicy.WINDOW);
                }
            }
        });
    }

    /** Fresh activation codes for the demo signers whose app is not activated yet, into the secrets directory. */
    private static void writeActivationCodes(AppActivations activations, HubProperties hub,
                                             TransactionTemplate transactions) {
        StringBuilder lines = new StringBuilder("# demo signers' one-time app activation codes (issued at start-up; "
                + "an activated signer is not listed)\n");
        transactions.executeWithoutResult(status -> {
            for (int i = 1; i <= 10; i++) {
                String staffId = String.format("D%04d", i);
                if (!activations.activated(staffId)) {
                    AppActivations.Issued issued = activations.issue(staffId, "bootstrap");
                    lines.append(staffId).append(' ').append(issued.code()).append('\n');
                }
            }
        });
        Path file = hub.home().resolve("secrets").resolve(ACTIVATION_CODES);
        SecretFiles.writeOwnerOnly(file, lines.toString().strip());
        log.info("Demo signers' app activation codes are in {} (owner-only)", file.toAbsolutePath());
    }

    /** The ids of the demo systems: {@code demo} and the five hospital systems. */
    public static java.util.List<String> demoSystems() {
        java.util.List<String> ids = new java.util.ArrayList<>();
        ids.add(DEMO_SYSTEM);
        for (String[] system : SYSTEMS) {
            ids.add(system[0]);
        }
        return ids;
    }

}
