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
import org.medsign.hub.seal.SealException;
import org.medsign.hub.seal.SealRegistry;
import org.medsign.hub.seal.SealScope;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The seal registry (电子签章) for the security administrator: create a seal from a transparent PNG, list the seals,
 * download a seal's image and its GB/T 38540 SESeal, and the seal maker's certificate that verifies every SESeal.
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

    private final SealRegistry registry;

    public SealsController(SealRegistry registry) {
        this.registry = registry;
    }

    @Operation(summary = "Create a seal (kinds PERSONAL, DEPARTMENT, HOSPITAL, SPECIAL) with a transparent PNG")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> create(@RequestBody SealRequest body, Authentication user) {
        if (body.imagePng() == null) {
            throw ApiException.badRequest(ErrorCode.SEAL_IMAGE_INVALID, "imagePng is required (base64 PNG)");
        }
        byte[] png;
        try {
            png = java.util.Base64.getDecoder().decode(body.imagePng().replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(ErrorCode.SEAL_IMAGE_INVALID, "imagePng is not valid base64");
        }
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
