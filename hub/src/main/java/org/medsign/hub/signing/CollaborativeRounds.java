package org.medsign.hub.signing;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.Operation;
import org.medsign.adapters.model.SigningRequest;
import org.medsign.crypto.MedsignCryptoException;
import org.medsign.crypto.cms.CmsSignatureRequest;
import org.medsign.crypto.cms.TwoPhaseCmsSigner;
import org.medsign.crypto.collab.CollabProtocolException;
import org.medsign.crypto.collab.CollabServer;
import org.medsign.crypto.collab.CollabSessions;
import org.medsign.crypto.collab.CollabSignature;
import org.medsign.crypto.collab.ServerShare;
import org.medsign.crypto.collab.ServerSigningSession;
import org.medsign.crypto.collab.SessionId;
import org.medsign.crypto.collab.SignRequest;
import org.medsign.crypto.collab.SignResponse;
import org.medsign.crypto.sm.SignerId;
import org.medsign.crypto.sm.Sm2;
import org.medsign.crypto.sm.Sm2SignatureEncoding;
import org.medsign.hub.HubException;
import org.medsign.hub.evidence.HandwritingImages;
import org.medsign.hub.keys.KeyVault;
import org.springframework.stereotype.Component;

/**
 * The collaborative signing round (协同签名, issue #14; protocol in docs/security.md): how a clinician's device and the
 * hub confirm tasks signed with a collaborative key, in three steps over the app's session.
 *
 * <ol>
 *   <li>{@link #open}: the tasks are checked as a PIN confirmation checks them (the caller has verified the PIN);
 *       for each, the hub builds what will be signed — the CMS signed attributes of the document
 *       ({@link TwoPhaseCmsSigner#prepare}), or the document itself for a raw signature — and opens a single-use
 *       server session with fresh nonces over e = SM3(Z_A ‖ M) computed here.</li>
 *   <li>{@link #answer}: the device's first message for each session (Q1, e) is checked (e must be the hub's e; the
 *       point on the curve) and answered (r, s2, s3); the session is spent whatever happens.</li>
 *   <li>{@link #finish}: the device's final (r, s) must verify under the certificate's key over exactly what was
 *       prepared; then the tasks are confirmed with their signatures in one transaction
 *       ({@link SigningTasks#confirmCosigned}) and the worker timestamps, records and answers the system as for any
 *       signature.</li>
 * </ol>
 *
 * Rounds live in memory for {@link #LIFETIME}; a replayed, unknown, expired or another signer's session is
 * COLLAB_MESSAGE_INVALID and nothing is signed. Nothing here can produce a signature without the device's round.
 */
@Component
public class CollaborativeRounds {

    /** How long a round waits for the device's messages. */
    public static final Duration LIFETIME = Duration.ofMinutes(5);
    /** The most rounds open at once. */
    static final int MAX_OPEN = 20_000;

    /** One task's round as the device sees it: what to sign (M) and with which signer ID. */
    public record Opened(long taskId, SessionId session, byte[] message, SignerId signerId, String serial) {
    }

    /** The device's final signature for a session: r ‖ s. */
    public record Finished(SessionId session, byte[] signature) {
    }

    private record Round(String staffId, String serial, long taskId, long requestPk, ServerSigningSession session,
                         TwoPhaseCmsSigner cms, CmsSignatureRequest prepared, byte[] message,
                         Sm2SignatureEncoding rawEncoding, ECPublicKeyParameters publicKey,
                         HandwritingImages.Checked handwriting, Instant expires, String purpose) {
    }

    /** A data round's result: the exact bytes signed, the DER signature (default SM2 ID), the certificate's serial. */
    public record Signed(byte[] message, byte[] signature, String serial) {
    }

    private final Map<SessionId, Round> rounds = new ConcurrentHashMap<>();
    private final CollabServer server = new CollabServer(new SecureRandom());
    private final CollabSessions sessions = new CollabSessions(Clock.systemUTC(), LIFETIME, MAX_OPEN);
    private final SigningTasks tasks;
    private final SignatureMaker maker;
    private final KeyVault vault;

    public CollaborativeRounds(SigningTasks tasks, SignatureMaker maker, KeyVault vault) {
        this.tasks = tasks;
        this.maker = maker;
        this.vault = vault;
    }

    /**
     * Step 1: opens one round per task of this signer (all or nothing), the handwriting (null: none) signed into the
     * CMS where given. The caller has verified the signer's PIN.
     *
     * @throws HubException TASK_UNKNOWN, TASK_NOT_PENDING, HANDWRITING_REQUIRED, the signer's certificate's code,
     *                      DEVICE_NOT_ACTIVATED (the tasks' key is not collaborative: confirm with the PIN),
     *                      SIGNER_KEY_MISSING, HUB_UNAVAILABLE (too many rounds open)
     */
    public List<Opened> open(String staffId, List<Long> taskIds, HandwritingImages.Checked handwriting) {
        List<SigningTasks.Confirmable> confirmable = tasks.confirmable(staffId, taskIds, handwriting);
        Instant now = Instant.now();
        rounds.values().removeIf(round -> !round.expires().isAfter(now));
        if (rounds.size() + confirmable.size() > MAX_OPEN) {
            throw new HubException(ErrorCode.HUB_UNAVAILABLE, "too many signing rounds are open; try again shortly");
        }
        List<Round> opened = new ArrayList<>();
        for (SigningTasks.Confirmable task : confirmable) {
            ResolvedSigner signer = task.signer();
            if (!signer.collaborative()) {
                throw new HubException(ErrorCode.DEVICE_NOT_ACTIVATED, "task " + task.taskId() + " is signed with "
                        + "a key the hub holds: confirm it with the PIN");
            }
            SigningRequest request = task.request();
            if (request.operation() == Operation.PDF) {
                throw new HubException(ErrorCode.COLLAB_PDF_UNSUPPORTED, "task " + task.taskId() + " is a visible PDF "
                        + "signature, which a collaborative key cannot make yet");
            }
            ServerShare share = shareOf(signer);
            ECPublicKeyParameters publicKey = Sm2.fromSubjectPublicKeyInfo(
                    signer.credential().certificate().getSubjectPublicKeyInfo());
            HandwritingImages.Checked drawn = task.handwritingRequired() || handwriting != null ? handwriting : null;
            if (request.operation() == Operation.RAW) {
                byte[] message = request.content();
                ServerSigningSession session = server.openSession(share, SignerId.DEFAULT, message);
                opened.add(new Round(staffId, signer.credential().serial(), task.taskId(), task.requestPk(), session,
                        null, null, message, request.options().encoding(), publicKey, null, now.plus(LIFETIME), null));
            } else {
                TwoPhaseCmsSigner cms = maker.twoPhase(request, signer, drawn);
                CmsSignatureRequest prepared = cms.prepare(request.content());
                ServerSigningSession session = server.openSession(share, prepared.signerId(),
                        prepared.signedAttributes());
                opened.add(new Round(staffId, signer.credential().serial(), task.taskId(), task.requestPk(), session,
                        cms, prepared, prepared.signedAttributes(), null, publicKey, drawn, now.plus(LIFETIME), null));
            }
        }
        List<Opened> answer = new ArrayList<>();
        for (Round round : opened) {
            sessions.register(round.session());
            rounds.put(round.session().id(), round);
            answer.add(new Opened(round.taskId(), round.session().id(), round.message().clone(),
                    round.prepared() == null ? SignerId.DEFAULT : round.prepared().signerId(), round.serial()));
        }
        return answer;
    }

    /**
     * Step 2: answers the device's first message of each round. All the sessions must be this signer's and open; a
     * refused message spends its session (the device starts again with {@link #open}).
     *
     * @throws HubException COLLAB_MESSAGE_INVALID
     */
    public List<SignResponse> answer(String staffId, List<byte[]> requests) {
        List<SignRequest> parsed = new ArrayList<>();
        for (byte[] bytes : requests) {
            SignRequest request = protocol(() -> SignRequest.fromBytes(bytes));
            Round round = rounds.get(request.sessionId());
            if (round == null || !round.staffId().equals(staffId)) {
                throw invalid("session " + request.sessionId() + " is unknown, used or expired");
            }
            if (round.session().used()) {
                // a replay: the session answered once and never again; the round itself may still finish
                throw invalid("session " + request.sessionId() + " is unknown, used or expired (answered already)");
            }
            parsed.add(request);
        }
        List<SignResponse> answers = new ArrayList<>();
        for (SignRequest request : parsed) {
            try {
                answers.add(protocol(() -> sessions.respond(request)));
            } catch (HubException refused) {
                rounds.remove(request.sessionId());
                throw refused;
            }
        }
        return answers;
    }

    /**
     * Step 3: checks every final signature over what its round prepared and confirms the tasks with them, all or
     * nothing. A round is finished once, whatever the outcome.
     *
     * @throws HubException COLLAB_MESSAGE_INVALID (unknown session, not answered yet, signature not valid),
     *                      TASK_NOT_PENDING (decided or expired meanwhile)
     */
    public List<Long> finish(String staffId, List<Finished> signatures) {
        List<Round> taken = new ArrayList<>();
        java.util.Set<SessionId> seen = new java.util.HashSet<>();
        for (Finished finished : signatures) {
            if (finished.session() == null || !seen.add(finished.session())) {
                throw invalid("name each session once");
            }
            Round round = rounds.get(finished.session());
            if (round == null || !round.staffId().equals(staffId) || round.purpose() != null) {
                throw invalid("session " + finished.session() + " is unknown, finished or expired");
            }
            if (!round.session().used()) {
                throw invalid("session " + finished.session() + " has not been answered yet");
            }
            taken.add(round);
        }
        List<SigningTasks.Cosigned> cosigned = new ArrayList<>();
        try {
            for (int i = 0; i < taken.size(); i++) {
                Round round = taken.get(i);
                byte[] plainGiven = signatures.get(i).signature();
                CollabSignature signature = protocol(() -> CollabSignature.fromPlain(plainGiven));
                byte[] kept;
                if (round.cms() == null) {
                    byte[] plain = signature.toPlain();
                    if (!Sm2.verify(round.publicKey(), SignerId.DEFAULT, round.message(), plain,
                            Sm2SignatureEncoding.PLAIN)) {
                        throw invalid("the signature of session " + round.session().id() + " does not verify");
                    }
                    kept = signature.encode(round.rawEncoding());
                } else {
                    try {
                        kept = SignatureMaker.cosignedBytes(round.cms().complete(round.prepared(), signature.toDer()));
                    } catch (MedsignCryptoException e) {
                        throw invalid("the signature of session " + round.session().id() + " does not verify over "
                                + "the prepared signed attributes");
                    }
                }
                cosigned.add(new SigningTasks.Cosigned(round.taskId(), kept, round.handwriting()));
            }
        } finally {
            taken.forEach(round -> rounds.remove(round.session().id()));
        }
        return tasks.confirmCosigned(staffId, cosigned);
    }

    /**
     * Opens a round for one signature over exactly {@code message} (the default SM2 ID, DER) with the collaborative key
     * of {@code signer}, for another use than a task (a scan-to-login statement); {@code purpose} names it, and only
     * {@link #finishData} with the same purpose finishes it. The caller has checked the PIN and everything else.
     *
     * @throws HubException DEVICE_NOT_ACTIVATED (the key is hub-held), SIGNER_KEY_MISSING, HUB_UNAVAILABLE
     */
    public Opened openForData(String staffId, ResolvedSigner signer, byte[] message, String purpose) {
        if (!signer.collaborative()) {
            throw new HubException(ErrorCode.DEVICE_NOT_ACTIVATED, "the key of certificate "
                    + signer.credential().serial() + " is held by the hub: confirm with the PIN");
        }
        ServerShare share = shareOf(signer);
        Instant now = Instant.now();
        rounds.values().removeIf(round -> !round.expires().isAfter(now));
        if (rounds.size() >= MAX_OPEN) {
            throw new HubException(ErrorCode.HUB_UNAVAILABLE, "too many signing rounds are open; try again shortly");
        }
        ServerSigningSession session = server.openSession(share, SignerId.DEFAULT, message);
        Round round = new Round(staffId, signer.credential().serial(), 0, 0, session, null, null, message.clone(),
                Sm2SignatureEncoding.DER, Sm2.fromSubjectPublicKeyInfo(signer.credential().certificate()
                .getSubjectPublicKeyInfo()), null, now.plus(LIFETIME), purpose);
        sessions.register(session);
        rounds.put(session.id(), round);
        return new Opened(0, session.id(), message.clone(), SignerId.DEFAULT, round.serial());
    }

    /**
     * Finishes a data round opened by {@link #openForData} for {@code purpose}: the device's (r, s) must verify over
     * the message under the certificate. The round is finished once, whatever the outcome.
     *
     * @throws HubException COLLAB_MESSAGE_INVALID
     */
    public Signed finishData(String staffId, String purpose, Finished finished) {
        Round round = finished.session() == null ? null : rounds.get(finished.session());
        if (round == null || !round.staffId().equals(staffId) || !purpose.equals(round.purpose())) {
            throw invalid("session " + finished.session() + " is unknown, finished or expired");
        }
        if (!round.session().used()) {
            throw invalid("session " + finished.session() + " has not been answered yet");
        }
        rounds.remove(finished.session());
        CollabSignature signature = protocol(() -> CollabSignature.fromPlain(finished.signature()));
        byte[] der = signature.toDer();
        if (!Sm2.verify(round.publicKey(), SignerId.DEFAULT, round.message(), der, Sm2SignatureEncoding.DER)) {
            throw invalid("the signature of session " + finished.session() + " does not verify");
        }
        return new Signed(round.message().clone(), der, round.serial());
    }

    /** The hub's share of the signer's collaborative certificate; SIGNER_KEY_MISSING when the vault lacks it. */
    private ServerShare shareOf(ResolvedSigner signer) {
        return vault.findShare(KeyVault.SHARE_PREFIX + signer.credential().serial())
                .orElseThrow(() -> new HubException(ErrorCode.SIGNER_KEY_MISSING, "the hub's share of certificate "
                        + signer.credential().serial() + " is missing from the vault"));
    }

    /** Rounds open now (tests, metrics). */
    public int open() {
        return rounds.size();
    }

    private interface Step<T> {
        T run();
    }

    private static <T> T protocol(Step<T> step) {
        try {
            return step.run();
        } catch (CollabProtocolException e) {
            throw new HubException(ErrorCode.COLLAB_MESSAGE_INVALID, e.reason() + ": " + e.getMessage(), e);
        }
    }

    private static HubException invalid(String detail) {
        return new HubException(ErrorCode.COLLAB_MESSAGE_INVALID, detail);
    }
}
