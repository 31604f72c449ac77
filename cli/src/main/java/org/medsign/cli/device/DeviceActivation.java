package org.medsign.cli.device;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.ca.SerialNumbers;
import org.medsign.crypto.cert.Pem;
import org.medsign.crypto.collab.ClientShare;
import org.medsign.crypto.collab.CollabClient;
import org.medsign.crypto.collab.CollabProtocolException;
import org.medsign.crypto.collab.DeviceShareSeal;
import org.medsign.crypto.collab.KeygenResponse;
import org.medsign.crypto.sm.Sm2;

/**
 * The device's side of {@code POST /api/v1/m/device/activate} (issue #14), independent of the HTTP client: the SDK
 * for native apps and what {@code medsign device activate} runs. {@link #requestBody} starts the joint key generation
 * (d1 is drawn here and never leaves the object); {@link #finish} checks the hub's answer — the key generation
 * response ({@link CollabClient.Keygen#finish}), a certificate for exactly the joint key P, its serial, a pepper of
 * the right length — and seals d1 under the PIN and the pepper into a {@link DeviceStore}. Single use.
 */
public final class DeviceActivation {

    private final SecureRandom random;
    private final CollabClient.Keygen keygen;

    /** A new activation drawing d1 (and later the seal's salt and nonce) from {@code random}, a CSPRNG. */
    public DeviceActivation(SecureRandom random) {
        this.random = random;
        this.keygen = new CollabClient(random).startKeygen();
    }

    /** The request's JSON members: staffId, code, pin, keygen (base64 of the 66-byte key generation request). */
    public Map<String, Object> requestBody(String staffId, String code, String pin) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("staffId", staffId);
        body.put("code", code);
        body.put("pin", pin);
        body.put("keygen", Base64.getEncoder().encodeToString(keygen.request().toBytes()));
        return body;
    }

    /** The JSON members of {@code POST /api/v1/m/device/renew}: pin, keygen (a renewal from the logged-in device). */
    public Map<String, Object> renewalBody(String pin) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pin", pin);
        body.put("keygen", Base64.getEncoder().encodeToString(keygen.request().toBytes()));
        return body;
    }

    /** The hub's answer, as received: base64 keygen, PEM certificate, hex serial, base64 pepper. */
    public record Answer(String keygen, String certificate, String serial, String pepper) {
        @Override
        public String toString() {
            return "Answer[" + serial + ", ***]";
        }
    }

    /**
     * Checks the hub's answer and returns the store to write.
     *
     * @throws CollabProtocolException the key generation answer is refused (PEER_KEY_MISMATCH: the hub substituted a
     *                                 key; a bad point)
     * @throws MalformedInputException the answer is incomplete, or the certificate is not for P
     */
    public DeviceStore finish(URI hub, String staffId, Answer answer, char[] pin) {
        if (answer.keygen() == null || answer.certificate() == null || answer.serial() == null
                || answer.pepper() == null) {
            throw new MalformedInputException("the hub's answer lacks keygen, certificate, serial or pepper");
        }
        byte[] pepper;
        KeygenResponse response;
        try {
            response = KeygenResponse.fromBytes(Base64.getDecoder().decode(answer.keygen()));
            pepper = Base64.getDecoder().decode(answer.pepper());
        } catch (IllegalArgumentException e) {
            throw new MalformedInputException("the hub's keygen or pepper is not base64");
        }
        try {
            ClientShare share = keygen.finish(response);
            X509CertificateHolder certificate = Pem.parseCertificate(answer.certificate()
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            if (!Sm2.fromSubjectPublicKeyInfo(certificate.getSubjectPublicKeyInfo()).getQ()
                    .equals(share.publicKey().getQ())) {
                throw new MalformedInputException("the hub's certificate is not for the joint public key");
            }
            if (!SerialNumbers.parseHex(answer.serial()).equals(certificate.getSerialNumber())) {
                throw new MalformedInputException("the hub's serial is not the certificate's");
            }
            if (pepper.length != DeviceShareSeal.PEPPER_LENGTH) {
                throw new MalformedInputException("the hub's pepper is not " + DeviceShareSeal.PEPPER_LENGTH
                        + " bytes");
            }
            byte[] sealed = DeviceShareSeal.seal(share, pin, pepper, random);
            return new DeviceStore(staffId, hub, sealed, share.publicKey().getQ().getEncoded(false), certificate,
                    answer.serial());
        } finally {
            Arrays.fill(pepper, (byte) 0);
        }
    }
}
