package org.medsign.hub.ops.inspection;

import java.time.Instant;
import java.util.List;

/** One inspection run (巡检) as stored: what it collected and what it found; the report is stored beside it. */
public record Inspection(long id, Instant startedAt, Instant finishedAt, String startedBy,
                         List<InspectionSection> sections, List<Finding> findings) {

    /** The number of findings of a grade. */
    public long count(Finding.Level level) {
        return findings.stream().filter(f -> f.severity() == level).count();
    }
}
