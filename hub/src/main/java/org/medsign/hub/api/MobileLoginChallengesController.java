package org.medsign.hub.api;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.mobile.LoginChallenges;
import org.medsign.hub.security.AppPrincipal;
import org.medsign.hub.signing.CollaborativeRounds;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Scan-to-login (扫码登录) in the app: after scanning, the clinician sees which system asks and as which account, and
 * confirms with the signing PIN. Needs the app's bearer session.
 */
@RestController
@Tag(name = "mobile", description = "The clinician's mobile app (issue #13)")
public class MobileLoginChallengesController {

    /** What the app shows: the asking system, your account there (null: none), status and expiry. */
    public record Prompt(String id, String system, String account, String status, Instant expiresAt) {
    }

    /** A confirmation. {@link #toString()} never shows the PIN. */
    public record Pin(String pin) {
        @Override
        public String toString() {
            return "Pin[…]";
        }
    }

    /** A confirmed login: the system now reads the signature by polling. */
    public record Confirmed(String id, String system, String account, boolean confirmed) {
    }

    private final LoginChallenges challenges;

    public MobileLoginChallengesController(LoginChallenges challenges) {
        this.challenges = challenges;
    }

    @Operation(summary = "A scanned login challenge: which system asks, your account there; "
            + "404 LOGIN_CHALLENGE_UNKNOWN")
    @GetMapping(path = "/api/v1/m/login-challenges/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Prompt prompt(@AuthenticationPrincipal AppPrincipal signer, @PathVariable String id) {
        LoginChallenges.Prompt prompt = challenges.prompt(signer.staffId(), id);
        return new Prompt(prompt.id(), prompt.systemId(), prompt.account(), prompt.status(), prompt.expiresAt());
    }

    @Operation(summary = "Confirm a login with the signing PIN: the hub signs the challenge with your certificate; "
            + "401 PIN_WRONG, 423 PIN_LOCKED, 403 LOGIN_CHALLENGE_NO_ACCOUNT, 409 LOGIN_CHALLENGE_USED/EXPIRED")
    @PostMapping(path = "/api/v1/m/login-challenges/{id}/confirm", produces = MediaType.APPLICATION_JSON_VALUE)
    public Confirmed confirm(@AuthenticationPrincipal AppPrincipal signer, @PathVariable String id,
                             @RequestBody(required = false) Pin body, HttpServletRequest request) {
        LoginChallenges.Result result = challenges.confirm(signer.staffId(), id, body == null ? null : body.pin(),
                request.getRemoteAddr());
        LoginChallenges.Prompt prompt = challenges.prompt(signer.staffId(), id);
        return new Confirmed(result.id(), prompt.systemId(), result.account(), true);
    }

    @Operation(summary = "Collaborative key (协同签名): check the PIN and open the signing round for the login "
            + "statement; answers one round (session, message, signerId, serial). Then the round's answer step "
            + "(POST /api/v1/m/cosign/answer) and finish. 404 DEVICE_NOT_ACTIVATED (the key is hub-held: confirm)")
    @PostMapping(path = "/api/v1/m/login-challenges/{id}/cosign/start", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> startRound(@AuthenticationPrincipal AppPrincipal signer, @PathVariable String id,
                                          @RequestBody(required = false) Pin body, HttpServletRequest request) {
        CollaborativeRounds.Opened round = challenges.startCollaborative(signer.staffId(), id,
                body == null ? null : body.pin(), request.getRemoteAddr());
        Base64.Encoder b64 = Base64.getEncoder();
        return Map.of("rounds", List.of(new MobileTasksController.RoundView(0, round.session().hex(),
                b64.encodeToString(round.message()), b64.encodeToString(round.signerId().bytes()), round.serial())));
    }

    @Operation(summary = "Collaborative key: the device's final signature of the login statement; the system then "
            + "reads it by polling. 400 COLLAB_MESSAGE_INVALID, 409 LOGIN_CHALLENGE_USED/EXPIRED")
    @PostMapping(path = "/api/v1/m/login-challenges/{id}/cosign/finish", produces = MediaType.APPLICATION_JSON_VALUE)
    public Confirmed finishRound(@AuthenticationPrincipal AppPrincipal signer, @PathVariable String id,
                                 @RequestBody(required = false) MobileTasksController.RoundSignatures body) {
        if (body == null || body.signatures() == null || body.signatures().size() != 1) {
            throw ApiException.badRequest(ErrorCode.COLLAB_MESSAGE_INVALID, "send exactly one signature");
        }
        LoginChallenges.Result result = challenges.finishCollaborative(signer.staffId(), id,
                MobileTasksController.finished(body.signatures().get(0)));
        LoginChallenges.Prompt prompt = challenges.prompt(signer.staffId(), id);
        return new Confirmed(result.id(), prompt.systemId(), result.account(), true);
    }
}
