package org.medsign.hub.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.mobile.AppActivations;
import org.medsign.hub.mobile.AppSessions;
import org.medsign.hub.mobile.DeviceRenewals;
import org.medsign.hub.mobile.LostPhones;
import org.medsign.hub.mobile.SigningWindows;
import org.medsign.hub.security.AppPrincipal;
import org.medsign.hub.security.AppSessionFilter;
import org.medsign.hub.signing.SigningAuthorizations;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The clinician's mobile app (移动签名) over HTTP: activation with the one-time code, login with the signing PIN
 * (a bearer session), logout, signing windows (时段授权) and reporting the phone lost (挂失). Everything but activation
 * and login needs {@code Authorization: Bearer} of a live session ({@link AppSessionFilter}).
 */
@RestController
@Tag(name = "mobile", description = "The clinician's mobile app (issue #13)")
public class MobileApiController {

    /** First use of the app. {@link #toString()} never shows the code or PIN. */
    public record Activation(String staffId, String code, String pin) {
        @Override
        public String toString() {
            return "Activation[" + staffId + ", ***]";
        }
    }

    /** A login. {@link #toString()} never shows the PIN. */
    public record Login(String staffId, String pin) {
        @Override
        public String toString() {
            return "Login[" + staffId + ", ***]";
        }
    }

    /**
     * A session just opened; {@code renewalDue}: the signer's collaborative key waits for this device to renew it (a
     * renewal campaign left it {@code WAITS_FOR_DEVICE}), see {@code POST /api/v1/m/device/renew}.
     */
    public record Session(String token, Instant expiresAt, long idleTimeoutSeconds, boolean pinMustChange,
                          boolean renewalDue) {
        @Override
        public String toString() {
            return "Session[***, " + expiresAt + "]";
        }
    }

    /** Windows to open: systems, hours (1…720) and optionally scenarios (none: every scenario). */
    /**
     * Windows to open; {@code delegation}: with a collaborative key (协同签名), the device share handed to the hub for
     * these windows (base64 of 32 bytes). {@link #toString()} never shows it.
     */
    public record WindowRequest(List<String> systems, Integer hours, List<String> scenarios, String delegation) {
        public WindowRequest(List<String> systems, Integer hours, List<String> scenarios) {
            this(systems, hours, scenarios, null);
        }

        @Override
        public String toString() {
            return "WindowRequest[" + systems + ", " + hours + " h, " + scenarios + (delegation != null ? ", ***" : "")
                    + "]";
        }
    }

    /** One open window. */
    public record Window(long id, String system, String scenario, Instant validUntil) {
        static Window of(SigningAuthorizations.Window window) {
            return new Window(window.id(), window.systemId(), window.scenario(), window.validUntil());
        }
    }

    /** Windows, as answered. */
    public record Windows(List<Window> windows) {
    }

    private final AppActivations activations;
    private final AppSessions sessions;
    private final SigningWindows windows;
    private final LostPhones lostPhones;
    private final org.medsign.hub.mobile.MobileProperties properties;
    private final DeviceRenewals renewals;

    public MobileApiController(AppActivations activations, AppSessions sessions, SigningWindows windows,
                               LostPhones lostPhones, org.medsign.hub.mobile.MobileProperties properties,
                               DeviceRenewals renewals) {
        this.renewals = renewals;
        this.activations = activations;
        this.sessions = sessions;
        this.windows = windows;
        this.lostPhones = lostPhones;
        this.properties = properties;
    }

    @Operation(summary = "Activate the app with the one-time code and choose the signing PIN; "
            + "401 ACTIVATION_CODE_INVALID, 400 PIN_TOO_WEAK")
    @PostMapping(path = "/api/v1/m/activate", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> activate(@RequestBody Activation body, HttpServletRequest request) {
        if (body == null || blank(body.staffId()) || blank(body.code())) {
            throw ApiException.badRequest(ErrorCode.INVALID_REQUEST, "send staffId, code and pin");
        }
        if (blank(body.pin())) {
            throw ApiException.badRequest(ErrorCode.PIN_MISSING, "choose a signing PIN (pin)");
        }
        activations.activate(body.staffId().trim(), body.code(), body.pin(), request.getRemoteAddr());
        return Map.of("staffId", body.staffId().trim(), "activated", true);
    }

    @Operation(summary = "Log in with staff id and signing PIN; a bearer token, and renewalDue when your collaborative "
            + "key waits for this device to renew it. 401 PIN_WRONG, 423 PIN_LOCKED")
    @PostMapping(path = "/api/v1/m/login", produces = MediaType.APPLICATION_JSON_VALUE)
    public Session login(@RequestBody Login body, HttpServletRequest request) {
        if (body == null || blank(body.staffId())) {
            throw ApiException.badRequest(ErrorCode.INVALID_REQUEST, "send staffId and pin");
        }
        if (blank(body.pin())) {
            throw ApiException.badRequest(ErrorCode.PIN_MISSING, "send the signing PIN (pin)");
        }
        AppSessions.Opened opened = sessions.login(body.staffId().trim(), body.pin(), request.getRemoteAddr());
        return new Session(opened.token(), opened.expiresAt(), properties.sessionIdle().toSeconds(),
                opened.pinMustChange(), renewals.due(opened.staffId()));
    }

    @Operation(summary = "End this app session")
    @PostMapping(path = "/api/v1/m/logout", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> logout(@AuthenticationPrincipal AppPrincipal signer, HttpServletRequest request) {
        sessions.logout(signer.staffId(), AppSessionFilter.bearer(request.getHeader("Authorization")));
        return Map.of("loggedOut", true);
    }

    @Operation(summary = "Open signing windows (时段授权) for systems you have an account in, 1 to 720 hours; with a "
            + "collaborative key the device's share as delegation (base64), kept in memory until the windows close. "
            + "400 WINDOW_INVALID, 400 COLLAB_MESSAGE_INVALID")
    @PostMapping(path = "/api/v1/m/windows", produces = MediaType.APPLICATION_JSON_VALUE)
    public Windows open(@AuthenticationPrincipal AppPrincipal signer, @RequestBody WindowRequest body) {
        if (body == null) {
            throw ApiException.badRequest(ErrorCode.WINDOW_INVALID, "send systems and hours");
        }
        byte[] delegation = null;
        if (body.delegation() != null) {
            try {
                delegation = java.util.Base64.getDecoder().decode(body.delegation().trim());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(ErrorCode.COLLAB_MESSAGE_INVALID, "delegation is not base64");
            }
        }
        return new Windows(windows.open(signer.staffId(), body.systems(), body.scenarios(), body.hours(), delegation)
                .stream()
                .map(Window::of).toList());
    }

    @Operation(summary = "The systems you have an account in (the ones a window may name), with their signing policy "
            + "(confirm: each request is confirmed, a window does not apply; window; auto)")
    @GetMapping(path = "/api/v1/m/systems", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<SigningWindows.SignerSystem> systems(@AuthenticationPrincipal AppPrincipal signer) {
        return windows.systemsOf(signer.staffId());
    }

    @Operation(summary = "Your signing windows in force")
    @GetMapping(path = "/api/v1/m/windows", produces = MediaType.APPLICATION_JSON_VALUE)
    public Windows open(@AuthenticationPrincipal AppPrincipal signer) {
        return new Windows(windows.openOf(signer.staffId()).stream().map(Window::of).toList());
    }

    @Operation(summary = "Close one of your signing windows; 404 WINDOW_UNKNOWN")
    @DeleteMapping(path = "/api/v1/m/windows/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> close(@AuthenticationPrincipal AppPrincipal signer, @PathVariable long id) {
        windows.close(signer.staffId(), id);
        return Map.of("id", id, "closed", true);
    }

    @Operation(summary = "Report your phone lost (挂失): ends every session and closes every window at once")
    @PostMapping(path = "/api/v1/m/lost", produces = MediaType.APPLICATION_JSON_VALUE)
    public LostPhones.Report lost(@AuthenticationPrincipal AppPrincipal signer) {
        return lostPhones.report(signer.staffId(), "staff:" + signer.staffId(), "SIGNER");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
