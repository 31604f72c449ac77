package org.medsign.hub;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Fixtures for the patient tablet tests: resident ID card numbers with a valid check digit, handwriting PNGs, the
 * JSON of a new consent, and an app session for a nurse or clinician (activation by the security administrator's
 * code, then login), each step asserted.
 */
public final class PatientConsentFixtures {

    /** The PIN the test staff choose. */
    public static final String PIN = "270419";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

    private PatientConsentFixtures() {
    }

    /** The 18-character resident ID card number of these 17 digits (GB 11643 check character appended). */
    public static String idCardNumber(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return first17 + "10X98765432".charAt(sum % 11);
    }

    /** A handwriting PNG with a few strokes (seed varies them). */
    public static byte[] handwriting(int width, int height, int seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        var graphics = image.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        graphics.setColor(Color.BLACK);
        graphics.setStroke(new BasicStroke(4));
        graphics.drawLine(width / 10, height / 2 + seed, width / 3, height / 4);
        graphics.drawLine(width / 3, height / 4, width / 2, height * 3 / 4);
        graphics.drawArc(width / 2, height / 4, width / 4, height / 2, 0, 270);
        graphics.dispose();
        return png(image);
    }

    /** A PNG of an image. */
    public static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body of POST /api/v1/consents; {@code idNumber} null leaves it out. */
    public static String newConsent(String requestId, String title, String content, String patientName,
                                    String idNumber, String clinician) {
        var body = JSON.createObjectNode().put("requestId", requestId).put("title", title)
                .put("content", Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)))
                .put("patientName", patientName).put("clinician", clinician);
        if (idNumber != null) {
            body.put("patientIdNumber", idNumber);
        }
        return body.toString();
    }

    /** Activates the app of {@code staffId} with {@link #PIN} (a code from secadmin) and logs in; the token. */
    public static String activateAndLogin(URI base, String secadminPassword, String staffId) {
        JsonNode code = call(base, "POST", "/api/v1/admin/staff/" + staffId + "/activation", null,
                "Basic " + Base64.getEncoder().encodeToString(("secadmin:" + secadminPassword)
                        .getBytes(StandardCharsets.UTF_8)));
        call(base, "POST", "/api/v1/m/activate", "{\"staffId\":\"" + staffId + "\",\"code\":\""
                + code.get("code").asText() + "\",\"pin\":\"" + PIN + "\"}", null);
        return login(base, staffId);
    }

    /** Logs in with {@link #PIN}; the token. */
    public static String login(URI base, String staffId) {
        return call(base, "POST", "/api/v1/m/login", "{\"staffId\":\"" + staffId + "\",\"pin\":\"" + PIN + "\"}",
                null).get("token").asText();
    }

    private static JsonNode call(URI base, String method, String path, String json, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
