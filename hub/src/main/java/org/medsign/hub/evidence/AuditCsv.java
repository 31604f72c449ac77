package org.medsign.hub.evidence;

import java.util.List;
import java.util.stream.Collectors;

import org.medsign.crypto.audit.AuditRecord;

/** Audit events as CSV (RFC 4180), every stored column, values unchanged so that an auditor can re-hash them. */
public final class AuditCsv {

    /** The header line's columns. */
    public static final String HEADER = "node,seq,event_time,actor,role,action,target,outcome,detail,prev_hash,hash";

    private AuditCsv() {
    }

    /** The events with a header line, CRLF line ends. */
    public static String of(List<AuditRecord> events) {
        StringBuilder out = new StringBuilder(HEADER + "\r\n");
        for (AuditRecord r : events) {
            out.append(List.of(r.node(), Long.toString(r.seq()), r.time().toString(), r.actor(), r.role(), r.action(),
                            nullToEmpty(r.target()), r.outcome(), nullToEmpty(r.detail()), r.prevHash(), r.hash())
                    .stream().map(AuditCsv::field).collect(Collectors.joining(","))).append("\r\n");
        }
        return out.toString();
    }

    private static String field(String value) {
        // quoting only; open it as text, not as formulas
        return value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")
                ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
