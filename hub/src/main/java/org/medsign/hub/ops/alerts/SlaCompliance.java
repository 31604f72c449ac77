package org.medsign.hub.ops.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * SLA compliance of the fault ledger per month ({@code 2026-12}) or quarter ({@code 2026-Q4}) in the hospital's zone
 * ({@code medsign.ops.alerts.zone}, Asia/Shanghai): the incidents opened in the period, and for each deadline
 * (respond, restore, onsite) how many were met, missed (recorded late, or not recorded and past due) and still open
 * (not recorded, still in time), the compliance percentage (met / (met + missed)) and the mean and longest times
 * from opening to the recorded step.
 */
@Component
public class SlaCompliance {

    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");

    /** A period: its label and its bounds [from, to). */
    public record Period(String label, Instant from, Instant to) {
    }

    /** One deadline over the period. */
    public record Step(String step, int met, int missed, int open, Double compliancePercent, Long meanMinutes,
                       Long maxMinutes) {
    }

    /** The compliance of a period. */
    public record Report(String period, String zone, Instant from, Instant to, int incidents,
                         Map<Severity, Integer> bySeverity, List<Step> steps, List<Incident> ledger) {
    }

    private final IncidentRepository incidents;
    private final ZoneId zone;
    private final Clock clock;

    public SlaCompliance(IncidentRepository incidents, AlertProperties properties) {
        this.incidents = incidents;
        this.zone = properties.zone();
        this.clock = Clock.systemUTC();
    }

    /** The current month in the hospital's zone, e.g. {@code 2026-12}. */
    public String currentMonth() {
        return YearMonth.now(clock.withZone(zone)).toString();
    }

    /** Parses {@code YYYY-MM} or {@code YYYY-Qn}; anything else is {@link IncidentException.Invalid}. */
    public Period period(String value) {
        String text = value == null ? "" : value.trim();
        Matcher month = MONTH.matcher(text);
        Matcher quarter = QUARTER.matcher(text);
        LocalDate start;
        LocalDate end;
        try {
            if (month.matches()) {
                YearMonth ym = YearMonth.parse(text);
                start = ym.atDay(1);
                end = ym.plusMonths(1).atDay(1);
            } else if (quarter.matches()) {
                int q = Integer.parseInt(quarter.group(2));
                start = LocalDate.of(Integer.parseInt(quarter.group(1)), 3 * q - 2, 1);
                end = start.plusMonths(3);
            } else {
                throw new IncidentException.Invalid("period must be YYYY-MM or YYYY-Qn (e.g. 2026-12, 2026-Q4)");
            }
        } catch (DateTimeParseException e) {
            throw new IncidentException.Invalid("period must be YYYY-MM or YYYY-Qn (e.g. 2026-12, 2026-Q4)");
        }
        return new Period(text, start.atStartOfDay(zone).toInstant(), end.atStartOfDay(zone).toInstant());
    }

    /** The compliance of {@code period} ({@code YYYY-MM} or {@code YYYY-Qn}). */
    public Report report(String period) {
        Period p = period(period);
        Instant now = clock.instant();
        List<Incident> ledger = incidents.openedBetween(p.from(), p.to());
        Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            bySeverity.put(severity, (int) ledger.stream().filter(i -> i.severity() == severity).count());
        }
        List<Step> steps = List.of(
                step("respond", ledger, Incident::respondBy, Incident::respondedAt, now),
                step("restore", ledger, Incident::restoreBy, Incident::restoredAt, now),
                step("onsite", ledger, Incident::onsiteBy, Incident::onsiteAt, now));
        return new Report(p.label(), zone.getId(), p.from(), p.to(), ledger.size(), bySeverity, steps, ledger);
    }

    private static Step step(String name, List<Incident> ledger, Function<Incident, Instant> deadline,
                             Function<Incident, Instant> done, Instant now) {
        int met = 0;
        int missed = 0;
        int open = 0;
        List<Long> minutes = new ArrayList<>();
        for (Incident incident : ledger) {
            Instant due = deadline.apply(incident);
            if (due == null) {
                continue;
            }
            Instant at = done.apply(incident);
            if (at != null) {
                minutes.add(Duration.between(incident.openedAt(), at).toMinutes());
                if (at.isAfter(due)) {
                    missed++;
                } else {
                    met++;
                }
            } else if (now.isAfter(due)) {
                missed++;
            } else {
                open++;
            }
        }
        Double percent = met + missed == 0 ? null : Math.round(1000.0 * met / (met + missed)) / 10.0;
        Long mean = minutes.isEmpty() ? null
                : Math.round(minutes.stream().mapToLong(Long::longValue).average().orElse(0));
        Long max = minutes.isEmpty() ? null : minutes.stream().mapToLong(Long::longValue).max().orElse(0);
        return new Step(name, met, missed, open, percent, mean, max);
    }
}
