package org.medsign.hub.ops.inspection;

import java.time.Instant;
import java.util.List;

/**
 * One inspection run (巡检) as stored: what it collected and what it found; the report is stored beside it. An
 * on-site run ({@link Kind#ONSITE}) also carries the engineer and the observations of the on-site checklist.
 */
public record Inspection(long id, Kind kind, Instant startedAt, Instant finishedAt, String startedBy, String engineer,
                         List<InspectionSection> sections, List<Finding> findings,
                         List<OnsiteChecklist.Observation> observations) {

    /** A quarterly remote inspection (远程巡检) or a semi-annual on-site one (半年度现场巡检). */
    public enum Kind {
        REMOTE, ONSITE
    }

    /** The number of findings of a grade. */
    public long count(Finding.Level level) {
        return findings.stream().filter(f -> f.severity() == level).count();
    }
}
