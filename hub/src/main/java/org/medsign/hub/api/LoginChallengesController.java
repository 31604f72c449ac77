package org.medsign.hub.api;

import java.time.Instant;
import java.util.Base64;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.hub.mobile.LoginChallenges;
import org.medsign.hub.mobile.QrCodes;
import org.medsign.hub.security.SystemPrincipal;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Scan-to-login (扫码登录) for a system's PC client: ask for a challenge, show its QR code, poll until the clinician
 * has confirmed it in the app; the answer carries the signed bytes, the SM2 signature and the certificate, which the
 * system verifies itself. A system sees only its own challenges.
 */
@RestController
@Tag(name = "qr", description = "QR codes: scan-to-sign, scan-to-login (issue #13)")
public class LoginChallengesController {

    private static final String PATH = "/api/v1/login-challenges";

    /** A challenge just issued: show {@code qr} (PNG) or render {@code link} as a QR code yourself. */
    public record Issued(String challengeId, String challenge, Instant expiresAt, String qr, String link) {
    }

    /**
     * The state of a challenge: PENDING, EXPIRED or CONFIRMED; when confirmed, who (staff id and their account in
     * this system), the signed bytes and the DER SM2 signature (base64) and the signer's certificate (PEM).
     */
    public record State(String challengeId, String status, Instant expiresAt, String staffId, String account,
                        String certificateSerial, String signedData, String signature, String certificate,
                        Instant confirmedAt) {

        static State of(LoginChallenges.Result result) {
            return new State(result.id(), result.status(), result.expiresAt(), result.staffId(), result.account(),
                    result.certificateSerial(), b64(result.signedData()), b64(result.signature()),
                    result.certificate(), result.confirmedAt());
        }

        private static String b64(byte[] bytes) {
            return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
        }
    }

    private final LoginChallenges challenges;
    private final QrImages images;

    public LoginChallengesController(LoginChallenges challenges, QrImages images) {
        this.challenges = challenges;
        this.images = images;
    }

    @Operation(summary = "Ask for a scan-to-login challenge (valid medsign.mobile.qr.login-challenge-validity)")
    @PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Issued> issue(@AuthenticationPrincipal SystemPrincipal system) {
        LoginChallenges.Issued issued = challenges.issue(QrImages.requireSystem(system));
        String location = PATH + "/" + issued.id();
        return ResponseEntity.created(java.net.URI.create(location)).body(new Issued(issued.id(), issued.challenge(),
                issued.expiresAt(), location + "/qr", QrCodes.loginLink(images.base(), issued.id())));
    }

    @Operation(summary = "Poll a challenge: PENDING, EXPIRED or CONFIRMED with signature and certificate; "
            + "404 LOGIN_CHALLENGE_UNKNOWN")
    @GetMapping(path = PATH + "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public State state(@AuthenticationPrincipal SystemPrincipal system, @PathVariable String id) {
        return State.of(challenges.result(QrImages.requireSystem(system), id));
    }

    @Operation(summary = "PNG QR code of the challenge for the app; 404 LOGIN_CHALLENGE_UNKNOWN")
    @GetMapping(PATH + "/{id}/qr")
    public ResponseEntity<byte[]> qr(@AuthenticationPrincipal SystemPrincipal system, @PathVariable String id) {
        challenges.requireOwn(QrImages.requireSystem(system), id);
        return QrImages.png(QrCodes.loginLink(images.base(), id));
    }
}
