package org.medsign.hub.api;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.crypto.cert.Pem;
import org.medsign.hub.mobile.DeviceActivations;
import org.medsign.hub.security.AppPrincipal;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The device side of collaborative SM2 keys (协同签名, issue #14) over HTTP: activation with a joint key generation,
 * and the pepper of the PIN-sealed device share for a logged-in app. Protocol messages travel as base64 of their
 * fixed-length bytes (docs/security.md).
 */
@RestController
@Tag(name = "mobile", description = "The clinician's mobile app (issue #13)")
public class MobileDeviceController {

    /** Activation with a key generation request. {@link #toString()} never shows the code or PIN. */
    public record DeviceActivation(String staffId, String code, String pin, String keygen) {
        @Override
        public String toString() {
            return "DeviceActivation[" + staffId + ", ***]";
        }
    }

    private final DeviceActivations devices;

    public MobileDeviceController(DeviceActivations devices) {
        this.devices = devices;
    }

    @Operation(summary = "Activate a device with a collaborative key: the one-time code, the signing PIN and the "
            + "device's key generation request (base64); answers the hub's key generation response, the certificate "
            + "of the joint public key and the pepper. 400 COLLAB_MESSAGE_INVALID, 401 ACTIVATION_CODE_INVALID, "
            + "400 PIN_TOO_WEAK")
    @PostMapping(path = "/api/v1/m/device/activate", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> activate(@RequestBody DeviceActivation body, HttpServletRequest request) {
        if (body == null || blank(body.staffId()) || blank(body.code())) {
            throw ApiException.badRequest(ErrorCode.INVALID_REQUEST, "send staffId, code, pin and keygen");
        }
        if (blank(body.pin())) {
            throw ApiException.badRequest(ErrorCode.PIN_MISSING, "choose a signing PIN (pin)");
        }
        DeviceActivations.Activated activated = devices.activate(body.staffId().trim(), body.code(), body.pin(),
                keygen(body.keygen()), request.getRemoteAddr());
        return answer(activated);
    }

    private static byte[] keygen(String value) {
        if (blank(value)) {
            throw ApiException.badRequest(ErrorCode.COLLAB_MESSAGE_INVALID,
                    "send the key generation request (keygen, base64)");
        }
        try {
            return Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(ErrorCode.COLLAB_MESSAGE_INVALID, "keygen is not base64");
        }
    }

    private static Map<String, Object> answer(DeviceActivations.Activated activated) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("staffId", activated.staffId());
        answer.put("keygen", Base64.getEncoder().encodeToString(activated.keygenResponse()));
        answer.put("certificate", Pem.certificatePem(activated.certificate()));
        answer.put("serial", activated.serial());
        answer.put("pepper", Base64.getEncoder().encodeToString(activated.pepper()));
        return answer;
    }

    /** A renewal of the collaborative key from the logged-in device. */
    public record DeviceRenewal(String pin, String keygen) {
        @Override
        public String toString() {
            return "DeviceRenewal[***]";
        }
    }

    @Operation(summary = "Renew your collaborative key (e.g. when the renewal campaign waits for your device): the PIN "
            + "and a new key generation request; answers as activation (new certificate, new pepper), the old "
            + "certificate superseded. 404 DEVICE_NOT_ACTIVATED, 400 COLLAB_MESSAGE_INVALID, 401 PIN_WRONG")
    @PostMapping(path = "/api/v1/m/device/renew", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> renew(@AuthenticationPrincipal AppPrincipal signer,
                                     @RequestBody(required = false) DeviceRenewal body, HttpServletRequest request) {
        if (body == null || blank(body.pin())) {
            throw ApiException.badRequest(ErrorCode.PIN_MISSING, "confirm the renewal with the signing PIN (pin)");
        }
        return answer(devices.renew(signer.staffId(), body.pin(), keygen(body.keygen()), request.getRemoteAddr()));
    }

    @Operation(summary = "The pepper of your device's sealed key share (base64); 404 DEVICE_NOT_ACTIVATED")
    @GetMapping(path = "/api/v1/m/device/pepper", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> pepper(@AuthenticationPrincipal AppPrincipal signer) {
        return Map.of("staffId", signer.staffId(),
                "pepper", Base64.getEncoder().encodeToString(devices.pepper(signer.staffId())));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
