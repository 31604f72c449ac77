package org.medsign.hub.api;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.lifecycle.KeyCustody;
import org.medsign.hub.lifecycle.inventory.Inventory;
import org.medsign.hub.lifecycle.inventory.InventoryReport;
import org.medsign.hub.lifecycle.ledger.CertificateHistory;
import org.medsign.hub.lifecycle.ledger.ImportRejection;
import org.medsign.hub.lifecycle.ledger.LedgerImport;
import org.medsign.hub.lifecycle.ledger.LedgerImportReport;
import org.medsign.hub.lifecycle.ledger.LedgerImportRequest;
import org.medsign.hub.lifecycle.ledger.LedgerMessages;
import org.medsign.hub.lifecycle.ledger.LedgerStaff;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The certificate ledger: import (security administrator), inventory (security or audit administrator), staff. */
@RestController
@RequestMapping("/api/v1/ledger")
@Tag(name = "ledger", description = "Certificate lifecycle: ledger import and inventory audit")
public class LedgerController {

    /** The import request: file contents as read by the client (certificates base64). */
    public record ImportBody(String staffCsv, String accountsCsv, String usageCsv, List<CertificateBody> certificates,
                             String keyCustody) {
    }

    /** One certificate file: name and base64 content (PEM or DER). */
    public record CertificateBody(String name, String content) {
    }

    /** A rejected row with its reason text in the requested language. */
    public record RejectionBody(String file, Integer line, String code, String reason) {
    }

    /** The import's answer. */
    public record ImportResult(LedgerImportReport.Counts staff, LedgerImportReport.Counts accounts,
                               LedgerImportReport.Counts certificates, LedgerImportReport.Counts usage,
                               int systemsCreated, int weakMatches, int unmatched, int bindingsChanged, boolean changed,
                               List<RejectionBody> rejected) {
    }

    private final LedgerImport ledgerImport;
    private final Inventory inventory;
    private final LedgerMessages messages;
    private final LedgerStaff staff;
    private final CertificateHistory history;

    public LedgerController(LedgerImport ledgerImport, Inventory inventory, LedgerMessages messages, LedgerStaff staff,
                            CertificateHistory history) {
        this.ledgerImport = ledgerImport;
        this.inventory = inventory;
        this.messages = messages;
        this.staff = staff;
        this.history = history;
    }

    @Operation(summary = "Import staff.csv, accounts.csv, certificate files and usage.csv; bad rows reported, "
            + "re-import changes nothing")
    @PostMapping(path = "/import", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public ImportResult importLedger(@RequestBody ImportBody body, @RequestParam(required = false) String lang,
                                     Authentication user) {
        if (body == null || body.staffCsv() == null || body.accountsCsv() == null) {
            throw ApiException.badRequest(ErrorCode.INVALID_REQUEST, "staffCsv and accountsCsv are required");
        }
        List<LedgerImportRequest.CertificateFile> files = new ArrayList<>();
        if (body.certificates() != null) {
            for (int i = 0; i < body.certificates().size(); i++) {
                CertificateBody file = body.certificates().get(i);
                if (file == null || file.name() == null || file.name().isBlank()) {
                    throw ApiException.badRequest(ErrorCode.INVALID_REQUEST,
                            "certificates[" + i + "].name is required");
                }
                files.add(new LedgerImportRequest.CertificateFile(file.name(),
                        Base64Field.decode("certificates[" + i + "].content", file.content())));
            }
        }
        KeyCustody custody;
        try {
            custody = body.keyCustody() == null ? KeyCustody.EXTERNAL
                    : KeyCustody.valueOf(body.keyCustody().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(ErrorCode.INVALID_REQUEST, "keyCustody must be EXTERNAL or UKEY");
        }
        if (custody == KeyCustody.HUB || custody == KeyCustody.COLLABORATIVE) {
            // the hub holds a key or a share only of what it issued itself (a device activation for COLLABORATIVE)
            throw ApiException.badRequest(ErrorCode.INVALID_REQUEST, "imported certificates cannot be in " + custody
                    + " custody");
        }
        LedgerImportReport report = ledgerImport.run(new LedgerImportRequest(body.staffCsv(), body.accountsCsv(), files,
                body.usageCsv(), custody), user.getName(), "SECURITY_ADMIN");
        Locale locale = LedgerMessages.locale(lang);
        List<RejectionBody> rejected = new ArrayList<>();
        for (ImportRejection rejection : report.rejections()) {
            rejected.add(new RejectionBody(rejection.file(), rejection.line(), rejection.code(),
                    messages.text(rejection.messageKey(), locale, rejection.args().toArray())));
        }
        return new ImportResult(report.staff(), report.accounts(), report.certificates(), report.usage(),
                report.systemsCreated(), report.weakMatches(), report.unmatched(), report.bindingsChanged(),
                report.changedAnything(), rejected);
    }

    @Operation(summary = "Inventory audit (清查): counts per category and department, items with reason and action; "
            + "format=json (default), csv or html (also by Accept); lang=zh (default) or en")
    @GetMapping("/inventory")
    public ResponseEntity<?> inventory(@RequestParam(defaultValue = "60") int expiringDays,
                                       @RequestParam(defaultValue = "90") int idleDays,
                                       @RequestParam(required = false) String format,
                                       @RequestParam(required = false) String lang,
                                       @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        if (expiringDays < 0 || idleDays < 0 || expiringDays > 3650 || idleDays > 3650) {
            throw ApiException.badRequest(ErrorCode.INVENTORY_WINDOW_INVALID,
                    "expiringDays and idleDays must be 0…3650");
        }
        InventoryReport report = inventory.run(expiringDays, idleDays, Instant.now());
        Locale locale = LedgerMessages.locale(lang);
        InventoryExports exports = new InventoryExports(messages, locale);
        String chosen = format != null ? format.toLowerCase(Locale.ROOT)
                : accept != null && accept.contains("text/csv") ? "csv"
                : accept != null && accept.contains("text/html") ? "html" : "json";
        return switch (chosen) {
            case "csv" -> ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"inventory.csv\"")
                    .body(exports.csv(report));
            case "html" -> ResponseEntity.ok().contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                    .body(exports.html(report));
            case "json" -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(exports.json(report));
            default -> throw ApiException.badRequest(ErrorCode.FORMAT_UNSUPPORTED, "format must be json, csv or html");
        };
    }

    @Operation(summary = "A staff member as the ledger knows them (identity number masked), with certificates and "
            + "their history")
    @GetMapping(path = "/staff/{staffId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> staffMember(@PathVariable String staffId) {
        LedgerStaff.Member member = staff.find(staffId)
                .orElseThrow(() -> ApiException.notFound(ErrorCode.STAFF_UNKNOWN, "no staff member " + staffId));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("staffId", member.staffId());
        body.put("name", member.name());
        body.put("idCardMasked", member.idCardMasked());
        body.put("department", member.department());
        body.put("post", member.post());
        body.put("employmentStatus", member.employmentStatus());
        body.put("mobile", member.mobile());
        body.put("accounts", member.accounts());
        List<Map<String, Object>> certificates = new ArrayList<>();
        for (LedgerStaff.Certificate certificate : member.certificates()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("certificate", certificate);
            entry.put("history", history.of(certificate.serial()));
            certificates.add(entry);
        }
        body.put("certificates", certificates);
        return body;
    }
}
