package org.medsign.hub;

import java.sql.Timestamp;
import java.time.Instant;

import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Test signers for the mobile tests: a staff member with a hub-held certificate and an account in {@code demo}. */
public final class DemoSigners {

    private DemoSigners() {
    }

    /**
     * A staff member {@code staffId} with a hub-held certificate and the account {@code staffId} in the demo system,
     * with neither an authorization nor a window: a request for them becomes a pending task.
     */
    public static String withoutWindow(JdbcClient jdbc, StaffCertificates certificates, String staffId) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.sql("INSERT INTO staff (staff_id, name, department, post, employment_status, created_at, updated_at) "
                + "VALUES (?, '移动医生', '测试科', '主治医师', 'active', ?, ?)").params(staffId, now, now).update();
        jdbc.sql("INSERT INTO system_account (system_id, account, staff_id) VALUES ('demo', ?, ?)")
                .params(staffId, staffId).update();
        certificates.issue(staffId, "移动医生", "测试科", null, Instant.now(), null);
        return staffId;
    }
}
