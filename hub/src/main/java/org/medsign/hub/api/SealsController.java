package org.medsign.hub.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.seal.NewSeal;
import org.medsign.hub.seal.Seal;
import org.medsign.hub.seal.SealChange;
import org.medsign.hub.seal.SealException;
import org.medsign.hub.seal.SealHistoryEntry;
import org.medsign.hub.seal.SealLifecycle;
import org.medsign.hub.seal.SealRegistry;
import org.medsign.hub.seal.SealScope;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The seal registry (电子签章) for the security administrator: create a seal from a transparent PNG, list the seals,
 * download a seal's image and its GB/T 38540 SESeal, and the seal maker's certificate that verifies every SESeal;
 * change, suspend, resume and revoke a seal, and its history.
 */
@RestController
@RequestMapping(path = "/api/v1/seals", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "seals", description = "Electronic seals and signature images (GB/T 38540)")
public class SealsController {

    /** A seal to create; {@code imagePng} is base64; {@code widthMm}/{@code heightMm} may be omitted with pHYs. */
    public record SealRequest(String name, String kind, String specialType, String ownerStaffId, String ownerUnit,
                              String imagePng, Double widthMm, Double heightMm, String shape, String colour,
                              Instant validUntil, List<SealScope> scope) {
    }

    /**
     * A change: absent fields keep the seal's value; {@code imagePng} is base64; {@code widthMm}/{@code heightMm}
     * without an image resize the current picture; kind, specialType and owner may be given but not changed.
     */
    public record SealChangeRequest(String name, Instant validUntil, String shape, String colour,
                                    List<SealScope> scope, String imagePng, Double widthMm, Double heightMm,
                                    String kind, String specialType, String ownerStaffId, String ownerUnit) {
    }

    /** The reason of a suspension, resumption or revocation. */
    public record ReasonRequest(String reason) {
    }

    private final SealRegistry registry;
    private final SealLifecycle lifecycle;

    public SealsController(SealRegistry registry, SealLifecycle lifecycle) {
        this.registry = registry;
        this.lifecycle = lifecycle;
    }

    @Operation(summary = "Create a seal (kinds PERSONAL, DEPARTMENT, HOSPITAL, SPECIAL) with a transparent PNG")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> create(@RequestBody SealRequest body, Authentication user) {
        if (body.imagePng() == null) {
            throw ApiException.badRequest(ErrorCode.SEAL_IMAGE_INVALID, "imagePng is required (base64 PNG)");
        }
        byte[] png = png(body.imagePng());
        SealRegistry.Created created = registry.create(new NewSeal(body.name(), body.kind(), body.specialType(),
                body.ownerStaffId(), body.ownerUnit(), png, body.widthMm(), body.heightMm(), body.shape(),
                body.colour(), body.validUntil(), body.scope()), user.getName());
        Map<String, Object> view = view(created.seal());
        if (created.approvalId() != null) {
            view.put("approvalId", created.approvalId());
            return ResponseEntity.accepted().body(view);
        }
        return ResponseEntity.ok(view);
    }

    @Operation(summary = "Change a seal's name, scope, validUntil, style or image (absent fields are kept); held "
            + "for a second security administrator under dual control (organisation seals)")
    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> change(@PathVariable String id, @RequestBody SealChangeRequest body,
                                                      Authentication user) {
        SealLifecycle.Outcome outcome = lifecycle.change(id, new SealChange(body.name(), body.validUntil(),
                body.shape(), body.colour(), body.scope(), body.imagePng() == null ? null : png(body.imagePng()),
                body.widthMm(), body.heightMm(), body.kind(), body.specialType(), body.ownerStaffId(),
                body.ownerUnit()), user.getName());
        return answer(outcome);
    }

    @Operation(summary = "Suspend an ACTIVE seal (refused at use until resumed); reason required")
    @PostMapping(path = "/{id}/suspend")
    public ResponseEntity<Map<String, Object>> suspend(@PathVariable String id,
                                                       @RequestBody(required = false) ReasonRequest body,
                                                       Authentication user) {
        return answer(lifecycle.suspend(id, reason(body), user.getName()));
    }

    @Operation(summary = "Resume a SUSPENDED seal; reason optional")
    @PostMapping(path = "/{id}/resume")
    public ResponseEntity<Map<String, Object>> resume(@PathVariable String id,
                                                      @RequestBody(required = false) ReasonRequest body,
                                                      Authentication user) {
        return answer(lifecycle.resume(id, reason(body), user.getName()));
    }

    @Operation(summary = "Revoke a seal for good; reason required; held for a second security administrator under "
            + "dual control (organisation seals)")
    @PostMapping(path = "/{id}/revoke")
    public ResponseEntity<Map<String, Object>> revoke(@PathVariable String id,
                                                      @RequestBody(required = false) ReasonRequest body,
                                                      Authentication user) {
        return answer(lifecycle.revoke(id, reason(body), user.getName()));
    }

    @Operation(summary = "A seal's history, oldest first: creation, changes (before → after), suspensions, "
            + "resumptions, revocation, and requests held for approval")
    @GetMapping("/{id}/history")
    public List<SealHistoryEntry> history(@PathVariable String id) {
        return lifecycle.history(id);
    }

    @Operation(summary = "Every seal, oldest first (without image bytes)")
    @GetMapping
    public List<Map<String, Object>> all() {
        return registry.all().stream().map(SealsController::view).toList();
    }

    @Operation(summary = "One seal")
    @GetMapping("/{id}")
    public Map<String, Object> one(@PathVariable String id) {
        return view(found(id, () -> registry.find(id)));
    }

    @Operation(summary = "A seal's PNG image")
    @GetMapping(path = "/{id}/image", produces = MediaType.IMAGE_PNG_VALUE)
    public ResponseEntity<byte[]> image(@PathVariable String id) {
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(CacheControl.noStore())
                .body(found(id, () -> registry.image(id)));
    }

    @Operation(summary = "A seal's GB/T 38540-2020 SESeal (DER)")
    @GetMapping(path = "/{id}/seseal", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    public ResponseEntity<byte[]> seseal(@PathVariable String id) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header("Content-Disposition", "attachment; filename=\"" + id + ".seseal.der\"")
                .body(found(id, () -> registry.seseal(id)));
    }

    @Operation(summary = "The seal maker's certificate (DER) that verifies every SESeal")
    @GetMapping(path = "/maker-certificate", produces = "application/pkix-cert")
    public ResponseEntity<byte[]> makerCertificate() throws java.io.IOException {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/pkix-cert"))
                .body(registry.makerCertificate().getEncoded());
    }

    private static ResponseEntity<Map<String, Object>> answer(SealLifecycle.Outcome outcome) {
        Map<String, Object> view = view(outcome.seal());
        view.put("changed", outcome.changed());
        if (outcome.approvalId() != null) {
            view.put("approvalId", outcome.approvalId());
            return ResponseEntity.accepted().body(view);
        }
        return ResponseEntity.ok(view);
    }

    private static String reason(ReasonRequest body) {
        return body == null ? null : body.reason();
    }

    private static byte[] png(String base64) {
        try {
            return java.util.Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(ErrorCode.SEAL_IMAGE_INVALID, "imagePng is not valid base64");
        }
    }

    private static <T> T found(String id, java.util.function.Supplier<T> lookup) {
        try {
            return lookup.get();
        } catch (SealException.Unknown e) {
            throw ApiException.notFound(ErrorCode.SEAL_UNKNOWN, "no seal " + id);
        }
    }

    private static Map<String, Object> view(Seal seal) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", seal.id());
        view.put("name", seal.name());
        view.put("kind", seal.kind().name());
        view.put("specialType", seal.specialType());
        view.put("ownerStaffId", seal.ownerStaffId());
        view.put("ownerUnit", seal.ownerUnit());
        view.put("widthMm", seal.widthMm());
        view.put("heightMm", seal.heightMm());
        view.put("shape", seal.shape());
        view.put("colour", seal.colour());
        view.put("certificateSerial", seal.certificateSerial());
        view.put("validFrom", seal.validFrom().toString());
        view.put("validUntil", seal.validUntil().toString());
        view.put("imageSm3", seal.imageSm3());
        view.put("status", seal.status().name());
        view.put("scope", seal.scope().stream().map(s -> Map.of("system", s.system(), "scenario", s.scenario()))
                .toList());
        view.put("createdBy", seal.createdBy());
        view.put("createdAt", seal.createdAt().toString());
        return view;
    }
}
