package org.medsign.hub.console;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.medsign.hub.api.Paging;
import org.medsign.hub.lifecycle.CertificateState;
import org.medsign.hub.lifecycle.KeyCustody;
import org.medsign.hub.lifecycle.ledger.CertificateHistory;
import org.medsign.hub.lifecycle.ledger.LedgerSearch;
import org.medsign.hub.lifecycle.ledger.LedgerStaff;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** Ledger search (台账查询) and certificate detail with its history, for the security administrator. */
@Controller
public class ConsoleLedgerController {

    /** Rows per page. */
    static final int PAGE_SIZE = 20;
    /** The hospital's time zone, for dates typed into filters. */
    static final ZoneId HOSPITAL_ZONE = ZoneId.of("Asia/Shanghai");

    private final LedgerSearch search;
    private final LedgerStaff staff;
    private final CertificateHistory history;

    public ConsoleLedgerController(LedgerSearch search, LedgerStaff staff, CertificateHistory history) {
        this.search = search;
        this.staff = staff;
        this.history = history;
    }

    @GetMapping("/console/ledger")
    String ledger(@RequestParam(required = false) String name, @RequestParam(required = false) String staffId,
                  @RequestParam(required = false) String department, @RequestParam(required = false) String status,
                  @RequestParam(required = false) String custody,
                  @RequestParam(required = false) String expiringBefore,
                  @RequestParam(defaultValue = "0") int page, Model model) {
        CertificateState state = parse(CertificateState.class, status);
        KeyCustody keyCustody = parse(KeyCustody.class, custody);
        LocalDate before = null;
        if (expiringBefore != null && !expiringBefore.isBlank()) {
            try {
                before = LocalDate.parse(expiringBefore.trim());
            } catch (DateTimeParseException e) {
                model.addAttribute("filterError", "ledger.filter.dateInvalid");
            }
        }
        LedgerSearch.Page result = search.search(new LedgerSearch.Criteria(name, staffId, department, state,
                keyCustody, before == null ? null : before.atStartOfDay(HOSPITAL_ZONE).toInstant()), Paging.page(page), PAGE_SIZE);
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("name", blankToEmpty(name));
        filters.put("staffId", blankToEmpty(staffId));
        filters.put("department", blankToEmpty(department));
        filters.put("status", state == null ? "" : state.name());
        filters.put("custody", keyCustody == null ? "" : keyCustody.name());
        filters.put("expiringBefore", before == null ? "" : before.toString());
        model.addAttribute("filters", filters);
        model.addAttribute("result", result);
        model.addAttribute("states", CertificateState.values());
        model.addAttribute("custodies", KeyCustody.values());
        model.addAttribute("active", "ledger");
        return "console/ledger";
    }

    @GetMapping("/console/certificates/{serial}")
    String certificate(@PathVariable String serial, Model model) {
        LedgerSearch.Held held = search.certificate(serial.trim().toUpperCase(Locale.ROOT))
                .or(() -> search.certificate(serial.trim()))
                .orElseThrow(() -> new ConsoleModel.NotFound("certificate"));
        model.addAttribute("certificate", held.certificate());
        model.addAttribute("holder", held.staffId() == null ? null : staff.find(held.staffId()).orElse(null));
        model.addAttribute("holderId", held.staffId());
        model.addAttribute("history", history.of(held.certificate().serial()));
        model.addAttribute("active", "ledger");
        return "console/certificate";
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String blankToEmpty(String value) {
        return value == null ? "" : value.trim();
    }
}
