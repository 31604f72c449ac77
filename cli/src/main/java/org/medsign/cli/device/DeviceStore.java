package org.medsign.cli.device;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.collab.ClientShare;
import org.medsign.crypto.collab.CollabParameters;
import org.medsign.crypto.collab.DeviceShareSeal;

/**
 * A device's store of its collaborative key (issue #14): public data and the PIN-sealed device share only, as JSON
 * (file mode 600):
 *
 * <pre>
 * {"format": "medsign-device-store", "version": 1, "staffId", "hub", "sealedShare": base64 of the 150-byte
 *  {@link DeviceShareSeal}, "publicKey": hex of P (04‖X‖Y), "certificate": PEM, "serial": hex}
 * </pre>
 *
 * The device share d1 is never in it in clear: opening it needs the PIN and the pepper the hub hands to the logged-in
 * device ({@link #unlock}). Immutable; parsed strictly.
 */
public final class DeviceStore {

    /** The {@code format} member. */
    public static final String FORMAT = "medsign-device-store";
    /** The {@code version} member written. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String staffId;
    private final URI hub;
    private final byte[] sealedShare;
    private final byte[] publicKey;
    private final X509CertificateHolder certificate;
    private final String serial;

    /** A store of these values; P is checked to be a point of sm2p256v1 and the certificate's key. */
    public DeviceStore(String staffId, URI hub, byte[] sealedShare, byte[] publicKey, X509CertificateHolder certificate,
                       String serial) {
        if (staffId == null || staffId.isBlank() || hub == null || serial == null || serial.isBlank()) {
            throw new MalformedInputException("a device store needs a staff id, the hub URL and a serial");
        }
        if (sealedShare == null || sealedShare.length != DeviceShareSeal.LENGTH) {
            throw new MalformedInputException("the sealed device share must be " + DeviceShareSeal.LENGTH + " bytes");
        }
        CollabParameters.decodePoint(publicKey, "P");
        this.staffId = staffId;
        this.hub = hub;
        this.sealedShare = sealedShare.clone();
        this.publicKey = publicKey.clone();
        this.certificate = certificate;
        this.serial = serial;
    }

    /** Reads a store written by {@link #write}. */
    public static DeviceStore read(Path file) throws IOException {
        JsonNode json;
        try {
            json = JSON.readTree(Files.readAllBytes(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedInputException(file + " is not a device store (not JSON)");
        }
        if (json == null || !FORMAT.equals(json.path("format").asText()) || json.path("version").asInt() != VERSION) {
            throw new MalformedInputException(file + " is not a device store (format " + FORMAT + ", version "
                    + VERSION + ")");
        }
        try {
            return new DeviceStore(text(json, "staffId"), URI.create(text(json, "hub")),
                    Base64.getDecoder().decode(text(json, "sealedShare")), HexFormat.of().parseHex(text(json,
                    "publicKey")), Pem.parseCertificate(text(json, "certificate").getBytes(StandardCharsets.US_ASCII)),
                    text(json, "serial"));
        } catch (IllegalArgumentException e) {
            throw new MalformedInputException(file + " is not a device store: " + e.getMessage());
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual()) {
            throw new MalformedInputException("device store: " + field + " missing");
        }
        return value.asText();
    }

    /**
     * Writes the store to {@code file}, which must not exist yet, owner read/write only (600) where the file system
     * has POSIX permissions: a temporary file in the same directory, then moved into place.
     */
    public void write(Path file) throws IOException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        store(file, false);
    }

    /** Replaces the store {@code file} at once (a renewed key): the old content stays until the new one is complete. */
    public void replace(Path file) throws IOException {
        store(file, true);
    }

    private void store(Path file, boolean replace) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary;
        try {
            temporary = Files.createTempFile(directory, ".device-store-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            temporary = Files.createTempFile(directory, ".device-store-", ".tmp");
        }
        try {
            Files.write(temporary, JSON.writeValueAsBytes(toJson()));
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                if (replace) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.move(temporary, file);
                }
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("version", VERSION);
        json.put("staffId", staffId);
        json.put("hub", hub.toString());
        json.put("sealedShare", Base64.getEncoder().encodeToString(sealedShare));
        json.put("publicKey", HexFormat.of().formatHex(publicKey));
        json.put("certificate", Pem.certificatePem(certificate));
        json.put("serial", serial);
        return json;
    }

    /** Opens the device share with the PIN and the hub's pepper ({@code WrongPasswordException} if either is wrong). */
    public ClientShare unlock(char[] pin, byte[] pepper) {
        return DeviceShareSeal.open(sealedShare, pin, pepper);
    }

    /** The clinician's staff id. */
    public String staffId() {
        return staffId;
    }

    /** The hub that holds the other share. */
    public URI hub() {
        return hub;
    }

    /** The joint public key P (04‖X‖Y). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The signing certificate of P. */
    public X509CertificateHolder certificate() {
        return certificate;
    }

    /** The certificate's serial (hex, as the hub names it). */
    public String serial() {
        return serial;
    }

    @Override
    public String toString() {
        return "DeviceStore[" + staffId + ", " + serial + "]";
    }
}
