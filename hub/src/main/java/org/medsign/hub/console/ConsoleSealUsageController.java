package org.medsign.hub.console;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.medsign.hub.seal.SealUsage;
import org.medsign.hub.seal.SealUsageLog;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * 用章记录 for the security and audit administrators (issue #15 point 6): every applied seal — who asked, who signed,
 * which seal, which document (SM3), which system, when — with filters by seal, system, staff and day range (days in
 * the hospital's zone, Asia/Shanghai), and the same rows as a CSV download (UTF-8 with BOM, for spreadsheets).
 */
@Controller
public class ConsoleSealUsageController {

    /** Rows the page shows; the CSV gives up to {@link #CSV_ROWS}. */
    static final int LISTED = 500;
    static final int CSV_ROWS = 10_000;
    private static final ZoneId HOSPITAL_ZONE = ZoneId.of("Asia/Shanghai");

    /** The filters as typed (re-shown in the form). */
    public record Filters(String seal, String system, String staff, String from, String until) {

        SealUsageLog.Filter filter() {
            return new SealUsageLog.Filter(seal, system, staff, fromInstant(), untilInstant());
        }

        Instant fromInstant() {
            return day(from, 0);
        }

        Instant untilInstant() {
            return day(until, 1);
        }

        private static Instant day(String text, int plusDays) {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return LocalDate.parse(text.strip()).plusDays(plusDays).atStartOfDay(HOSPITAL_ZONE).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }

        static String blank(String value) {
            return value == null || value.isBlank() ? null : value.strip();
        }
    }

    /** A row of the page: the use and its time in the hospital's zone. */
    public record Row(SealUsage use, String time) {
    }

    private static final java.time.format.DateTimeFormatter TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(HOSPITAL_ZONE);

    private final SealUsageLog log;

    public ConsoleSealUsageController(SealUsageLog log) {
        this.log = log;
    }

    @GetMapping("/console/seal-usage")
    String page(@RequestParam(required = false) String seal, @RequestParam(required = false) String system,
                @RequestParam(required = false) String staff, @RequestParam(required = false) String from,
                @RequestParam(required = false) String until, Model model) {
        Filters filters = new Filters(Filters.blank(seal), Filters.blank(system), Filters.blank(staff),
                Filters.blank(from), Filters.blank(until));
        List<SealUsage> rows = log.find(filters.filter(), LISTED + 1);
        model.addAttribute("filters", filters);
        model.addAttribute("seals", log.sealNames());
        model.addAttribute("rows", rows.stream().limit(LISTED).map(u -> new Row(u, TIME.format(u.usedAt()))).toList());
        model.addAttribute("more", rows.size() > LISTED);
        model.addAttribute("listed", LISTED);
        model.addAttribute("badDate", (filters.from() != null && filters.fromInstant() == null)
                || (filters.until() != null && filters.untilInstant() == null));
        model.addAttribute("active", "sealUsage");
        return "console/seal-usage";
    }

    @GetMapping("/console/seal-usage.csv")
    ResponseEntity<byte[]> csv(@RequestParam(required = false) String seal, @RequestParam(required = false) String system,
                               @RequestParam(required = false) String staff, @RequestParam(required = false) String from,
                               @RequestParam(required = false) String until) {
        Filters filters = new Filters(Filters.blank(seal), Filters.blank(system), Filters.blank(staff),
                Filters.blank(from), Filters.blank(until));
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"seal-usage.csv\"")
                .body(log.csv(filters.filter(), CSV_ROWS).getBytes(StandardCharsets.UTF_8));
    }
}
