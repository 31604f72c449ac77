package org.medsign.hub.evidence;

import java.util.List;

import org.medsign.crypto.audit.AuditRecord;
import org.medsign.hub.SpreadsheetCsv;

/**
 * Audit events as CSV (RFC 4180), every stored column. Values are unchanged except that a cell a spreadsheet would
 * evaluate as a formula gets a leading single quote ({@link SpreadsheetCsv}): an auditor re-hashing the rows removes
 * one leading single quote from each cell that has one (or uses the JSON-lines export, which is verbatim).
 */
public final class AuditCsv {

    /** The header line's columns. */
    public static final String HEADER = "node,seq,event_time,actor,role,action,target,outcome,detail,prev_hash,hash";

    private AuditCsv() {
    }

    /** The events with a header line, CRLF line ends. */
    public static String of(List<AuditRecord> events) {
        SpreadsheetCsv csv = SpreadsheetCsv.plain().row(List.of(HEADER.split(",")));
        for (AuditRecord r : events) {
            csv.row(r.node(), Long.toString(r.seq()), r.time().toString(), r.actor(), r.role(), r.action(), r.target(),
                    r.outcome(), r.detail(), r.prevHash(), r.hash());
        }
        return csv.text();
    }
}
