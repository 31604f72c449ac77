package org.medsign.cli.device;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.collab.ClientShare;
import org.medsign.crypto.collab.CollabClient;
import org.medsign.crypto.collab.CollabSignature;
import org.medsign.crypto.collab.SessionId;
import org.medsign.crypto.collab.SignResponse;
import org.medsign.crypto.sm.SignerId;

/**
 * The device's side of the collaborative signing round (协同签名, issue #14) over the app API, independent of the HTTP
 * client: the SDK for native apps and what {@code medsign device confirm} runs.
 *
 * <ol>
 *   <li>the app posts {@code /api/v1/m/tasks/cosign/start} with the task ids and the PIN and passes the answer's
 *       {@code rounds} to {@link #requests}, which starts one {@link CollabClient.Signing} per round (fresh k1, e over
 *       the message the hub prepared) and returns the body of {@code /cosign/answer};</li>
 *   <li>the hub's {@code responses} go to {@link #signatures}, which checks each answer, completes (r, s), verifies it
 *       under the joint public key and returns the body of {@code /cosign/finish}.</li>
 * </ol>
 *
 * The device share is used only in memory; nonces are forgotten after each round. Single use.
 */
public final class DeviceSigning {

    /** One round as the hub opened it (the members of {@code rounds[]}). */
    public record Round(long task, String session, String message, String signerId, String serial) {
    }

    private final ClientShare share;
    private final CollabClient client;
    private final List<CollabClient.Signing> signings = new ArrayList<>();
    private final List<SessionId> sessions = new ArrayList<>();

    /** A round for {@code share} (unlocked from the device store), nonces from {@code random}. */
    public DeviceSigning(ClientShare share, SecureRandom random) {
        this.share = share;
        this.client = new CollabClient(random);
    }

    /** The body of {@code /cosign/answer}: {"requests": [base64 of each first message]}. */
    public Map<String, Object> requests(List<Round> rounds) {
        if (!signings.isEmpty()) {
            throw new IllegalStateException("this round has started already");
        }
        Base64.Decoder b64 = Base64.getDecoder();
        List<String> requests = new ArrayList<>();
        for (Round round : rounds) {
            if (round.session() == null || round.message() == null || round.signerId() == null) {
                throw new MalformedInputException("a round lacks session, message or signer ID");
            }
            SessionId session = new SessionId(round.session());
            CollabClient.Signing signing;
            try {
                signing = client.startSigning(share, session, SignerId.of(b64.decode(round.signerId())),
                        b64.decode(round.message()));
            } catch (IllegalArgumentException e) {
                throw new MalformedInputException("the hub's round is not base64");
            }
            signings.add(signing);
            sessions.add(session);
            requests.add(Base64.getEncoder().encodeToString(signing.request().toBytes()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requests", requests);
        return body;
    }

    /**
     * The body of {@code /cosign/finish} from the hub's {@code responses} (base64, in the order of the requests):
     * {"signatures": [{"session", "signature": base64 of r ‖ s}]}.
     *
     * @throws org.medsign.crypto.collab.CollabProtocolException a hub answer is refused (bad scalar, another session,
     *                                                           the joint signature does not verify)
     */
    public Map<String, Object> signatures(List<String> responses) {
        if (responses.size() != signings.size()) {
            throw new MalformedInputException("the hub answered " + responses.size() + " of " + signings.size()
                    + " rounds");
        }
        List<Map<String, String>> signatures = new ArrayList<>();
        for (int i = 0; i < signings.size(); i++) {
            byte[] answer;
            try {
                answer = Base64.getDecoder().decode(responses.get(i));
            } catch (IllegalArgumentException e) {
                throw new MalformedInputException("the hub's answer is not base64");
            }
            CollabSignature signature = signings.get(i).finish(SignResponse.fromBytes(answer));
            Map<String, String> item = new LinkedHashMap<>();
            item.put("session", sessions.get(i).hex());
            item.put("signature", Base64.getEncoder().encodeToString(signature.toPlain()));
            signatures.add(item);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("signatures", signatures);
        return body;
    }
}
