package org.medsign.hub.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.seal.NewSeal;
import org.medsign.hub.seal.SealException;
import org.medsign.hub.seal.SealKind;
import org.medsign.hub.seal.SealLifecycle;
import org.medsign.hub.seal.SealProperties;
import org.medsign.hub.seal.SealRegistry;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * 电子印章 for the security administrator (issue #15 point 6): the seal registry's seals with their pictures, and a
 * form that uploads a new seal's PNG (multipart) into {@link SealRegistry#create}, the same service as
 * {@code POST /api/v1/seals}, so that rules, dual control and audit are identical. A refusal is shown on the page with
 * its code and the registry's reason, the form keeping what was typed.
 */
@Controller
public class ConsoleSealsController {

    private static final String PAGE = "console/seals";

    /** What the upload form holds (re-shown after a refusal; the file must be chosen again). */
    public record SealForm(String name, String kind, String specialType, String ownerStaffId, String ownerUnit,
                           String widthMm, String heightMm) {
        static SealForm empty() {
            return new SealForm("", SealKind.DEPARTMENT.name(), "", "", "", "", "");
        }
    }

    /** What a seal's row offers: 暂停, 恢复, 吊销 (the same rules, dual control and audit as the API). */
    enum Action {
        SUSPEND, RESUME, REVOKE
    }

    private final SealRegistry registry;
    private final SealProperties properties;
    private final SealLifecycle lifecycle;

    public ConsoleSealsController(SealRegistry registry, SealProperties properties, SealLifecycle lifecycle) {
        this.registry = registry;
        this.properties = properties;
        this.lifecycle = lifecycle;
    }

    @GetMapping("/console/seals")
    String page(Model model) {
        fill(model, SealForm.empty());
        return PAGE;
    }

    /** A seal's picture for the list's preview (inside the console session; the API's is Basic-authenticated). */
    @GetMapping("/console/seals/{id}/image")
    ResponseEntity<byte[]> image(@PathVariable String id) {
        byte[] png;
        try {
            png = registry.image(id);
        } catch (SealException.Unknown e) {
            throw new ConsoleModel.NotFound("seal " + id);
        }
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(CacheControl.noStore()).body(png);
    }

    @PostMapping("/console/seals")
    String create(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String kind,
                  @RequestParam(defaultValue = "") String specialType,
                  @RequestParam(defaultValue = "") String ownerStaffId,
                  @RequestParam(defaultValue = "") String ownerUnit, @RequestParam(defaultValue = "") String widthMm,
                  @RequestParam(defaultValue = "") String heightMm,
                  @RequestParam(name = "image", required = false) MultipartFile image, Authentication user,
                  Model model, RedirectAttributes redirect, HttpServletResponse response) {
        SealForm form = new SealForm(name, kind, specialType, ownerStaffId, ownerUnit, widthMm, heightMm);
        SealRegistry.Created created;
        try {
            // the special type only counts for a SPECIAL seal: the select keeps a value for the other kinds too
            boolean special = SealKind.SPECIAL.name().equals(kind.strip().toUpperCase(Locale.ROOT));
            created = registry.create(new NewSeal(name, kind, special ? specialType : null, ownerStaffId, ownerUnit,
                    bytes(image), millimetres("widthMm", widthMm), millimetres("heightMm", heightMm), null, null,
                    null, null), user.getName());
        } catch (SealException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("failedCode", e.code().name());
            model.addAttribute("failedDetail", e.getMessage());
            fill(model, form);
            return PAGE;
        }
        redirect.addFlashAttribute("createdId", created.seal().id());
        redirect.addFlashAttribute("createdName", created.seal().name());
        if (created.approvalId() != null) {
            redirect.addFlashAttribute("approvalId", created.approvalId());
        }
        return "redirect:/console/seals";
    }

    /**
     * Suspends, resumes or revokes a seal from its row, with the reason typed there ({@code PUT …/suspend} etc. of the
     * API): a revocation of an organisation seal under dual control is filed for a second security administrator.
     */
    @PostMapping("/console/seals/{id}/lifecycle")
    String lifecycle(@PathVariable String id, @RequestParam(defaultValue = "") String action,
                     @RequestParam(defaultValue = "") String reason, Authentication user, Model model,
                     RedirectAttributes redirect, HttpServletResponse response) {
        SealLifecycle.Outcome outcome;
        Action chosen;
        try {
            chosen = Action.valueOf(action.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConsoleModel.NotFound("seal action " + action);
        }
        try {
            outcome = switch (chosen) {
                case SUSPEND -> lifecycle.suspend(id, reason, user.getName());
                case RESUME -> lifecycle.resume(id, reason, user.getName());
                case REVOKE -> lifecycle.revoke(id, reason, user.getName());
            };
        } catch (SealException.Unknown e) {
            throw new ConsoleModel.NotFound("seal " + id);
        } catch (SealException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("failedCode", e.code().name());
            model.addAttribute("failedDetail", e.getMessage());
            fill(model, SealForm.empty());
            return PAGE;
        }
        redirect.addFlashAttribute("actedId", id);
        redirect.addFlashAttribute("actedName", outcome.seal().name());
        redirect.addFlashAttribute("action", chosen.name());
        if (outcome.approvalId() != null) {
            redirect.addFlashAttribute("actionApprovalId", outcome.approvalId());
        }
        return "redirect:/console/seals";
    }

    private void fill(Model model, SealForm form) {
        model.addAttribute("seals", registry.all());
        model.addAttribute("kinds", SealKind.values());
        model.addAttribute("specialTypes", properties.specialTypes());
        model.addAttribute("maxImageKib", properties.maxImageBytes() / 1024);
        model.addAttribute("form", form);
        model.addAttribute("active", "seals");
    }

    private static byte[] bytes(MultipartFile image) {
        if (image == null || image.isEmpty()) {
            return null; // the registry's "the seal image is missing"
        }
        try {
            return image.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A size field: empty is "not declared" (the PNG's pHYs then), anything else must be a number. */
    private static Double millimetres(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new SealException(ErrorCode.SEAL_IMAGE_INVALID, field + " is not a number of millimetres: '"
                    + value.strip() + "'");
        }
    }
}
