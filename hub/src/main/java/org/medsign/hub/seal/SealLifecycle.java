package org.medsign.hub.seal;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.util.encoders.Hex;
import org.medsign.crypto.seal.SeSeal;
import org.medsign.crypto.seal.SealPicture;
import org.medsign.crypto.sm.Sm3;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.lifecycle.operations.Approvals;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A seal's life after its creation, in the security administrator's verbs: {@link #change} (name, scope, validity,
 * style, picture), {@link #suspend} and {@link #resume} (ACTIVE ↔ SUSPENDED), {@link #revoke} (→ REVOKED, final).
 * Invariants: kind, owner, special type, certificate and {@code validFrom} never change; a REVOKED seal never changes
 * again; the SESeal is rebuilt and re-signed by the {@link SealMaker} whenever something it contains changes (name,
 * picture and its size, validity), keeping the certificate it names. Under dual control ({@code SEAL}), changes and
 * revocations of organisation seals are held for a second security administrator and applied on approval; one such
 * request per seal at a time. Everything is checked before anything is stored; every step is audited and kept in
 * {@code seal_history}.
 */
@Component
public class SealLifecycle {

    /** The approval payload prefix of a held change or revocation: {@code history:<seal_history id>}. */
    static final String HELD = "history:";

    /**
     * The seal after the step (unchanged while held) and, when held, its approval request.
     *
     * @param changed the fields a change touches ({@code name}, {@code validUntil}, {@code shape}, {@code colour},
     *                {@code scope}, {@code image}, {@code size}); empty when the request changes nothing
     */
    public record Outcome(Seal seal, Long approvalId, List<String> changed) {
    }

    /** The requested values of a change, only those that differ from the seal (null: unchanged). */
    record Proposal(String name, Instant validUntil, String shape, String colour, List<SealScope> scope,
                    Integer widthMm, Integer heightMm, boolean image) {

        List<String> fields() {
            List<String> fields = new ArrayList<>();
            if (name != null) {
                fields.add("name");
            }
            if (validUntil != null) {
                fields.add("validUntil");
            }
            if (shape != null) {
                fields.add("shape");
            }
            if (colour != null) {
                fields.add("colour");
            }
            if (scope != null) {
                fields.add("scope");
            }
            if (image) {
                fields.add("image");
            }
            if (widthMm != null) {
                fields.add("size");
            }
            return fields;
        }

        /** Whether the SESeal must be rebuilt: its name, picture or validity change. */
        boolean touchesSeseal() {
            return name != null || validUntil != null || image || widthMm != null;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final SealRepository seals;
    private final SealHistoryRepository history;
    private final SealImages images;
    private final SealMaker maker;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Approvals approvals;

    public SealLifecycle(SealRepository seals, SealHistoryRepository history, SealImages images, SealMaker maker,
                         AuditLog audit, TransactionTemplate transactions, Approvals approvals) {
        this.seals = seals;
        this.history = history;
        this.images = images;
        this.maker = maker;
        this.audit = audit;
        this.transactions = transactions;
        this.approvals = approvals;
    }

    /** A seal's history, oldest first; a held step shows its approval's state until it is applied. */
    public List<SealHistoryEntry> history(String sealId) {
        seals.find(sealId).orElseThrow(() -> new SealException.Unknown(sealId));
        return history.of(sealId).stream().map(entry -> {
            if (!"REQUESTED".equals(entry.state()) || entry.approvalId() == null) {
                return entry;
            }
            String approval = approvals.find(entry.approvalId()).state();
            String state = "PENDING".equals(approval) ? "PENDING_APPROVAL" : approval;
            return new SealHistoryEntry(entry.id(), entry.sealId(), entry.action(), state, entry.changes(),
                    entry.reason(), entry.requestedBy(), entry.requestedAt(), entry.approvalId(), entry.doneBy(),
                    entry.doneAt());
        }).toList();
    }

    /**
     * Changes a seal's name, validity, style, scope or picture. A request that changes nothing answers the seal as it
     * is, with nothing stored. A REVOKED or PENDING_APPROVAL seal cannot change ({@code SEAL_STATE_CONFLICT}).
     */
    public Outcome change(String sealId, SealChange request, String actor) {
        Seal current = seals.find(sealId).orElseThrow(() -> new SealException.Unknown(sealId));
        changeable(current, "changed");
        unchangeable(current, request);
        byte[] currentPng = seals.image(sealId).orElseThrow(() -> new SealException.Unknown(sealId));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SealImages.Checked image = null;
        if (request.imagePng() != null) {
            image = images.check(request.imagePng(), request.widthMm(), request.heightMm());
        } else if (request.widthMm() != null || request.heightMm() != null) {
            image = images.check(currentPng, request.widthMm(), request.heightMm());
        }
        Proposal proposal = proposal(current, request, image, currentPng, now);
        if (proposal.fields().isEmpty()) {
            return new Outcome(current, null, List.of());
        }
        byte[] png = proposal.image() ? image.png() : null;
        String changes = changes(current, proposal, png);
        if (held(current)) {
            return transactions.execute(status -> {
                Seal locked = locked(sealId);
                changeable(locked, "changed");
                long entry = history.requested(sealId, "CHANGED", limit(changes, 4000), json(proposal), png, null,
                        actor, now);
                long approval = approvals.request(SealRegistry.OPERATION, sealId, HELD + entry, "change "
                        + locked.kind() + " seal " + locked.name() + ": " + changes, actor);
                history.approvalFiled(entry, approval);
                return new Outcome(locked, approval, proposal.fields());
            });
        }
        return transactions.execute(status -> {
            Seal locked = locked(sealId);
            changeable(locked, "changed");
            Seal changed = apply(locked, proposal, png, actor, now);
            history.done(sealId, "CHANGED", limit(changes(locked, proposal, png), 4000), null, actor, now);
            return new Outcome(changed, null, proposal.fields());
        });
    }

    /** ACTIVE → SUSPENDED at once (never held): the seal is refused at use until it is resumed. */
    public Outcome suspend(String sealId, String reason, String actor) {
        String why = reason(reason, true);
        return transactions.execute(status -> {
            Seal seal = locked(sealId);
            if (seal.status() != SealStatus.ACTIVE) {
                throw new SealException.StateConflict("seal " + sealId + " is " + seal.status()
                        + ": only an ACTIVE seal can be suspended");
            }
            return new Outcome(status(seal, SealStatus.SUSPENDED, "SEAL_SUSPENDED", "SUSPENDED", why, actor), null,
                    List.of());
        });
    }

    /** SUSPENDED → ACTIVE at once (never held). */
    public Outcome resume(String sealId, String reason, String actor) {
        String why = reason(reason, false);
        return transactions.execute(status -> {
            Seal seal = locked(sealId);
            if (seal.status() != SealStatus.SUSPENDED) {
                throw new SealException.StateConflict("seal " + sealId + " is " + seal.status()
                        + (seal.status() == SealStatus.REVOKED ? " (final)" : "")
                        + ": only a SUSPENDED seal can be resumed");
            }
            return new Outcome(status(seal, SealStatus.ACTIVE, "SEAL_RESUMED", "RESUMED", why, actor), null,
                    List.of());
        });
    }

    /**
     * Revokes a seal for good (from ACTIVE, SUSPENDED or PENDING_APPROVAL); the reason is required. Held for a second
     * security administrator when it is an organisation seal under dual control.
     */
    public Outcome revoke(String sealId, String reason, String actor) {
        String why = reason(reason, true);
        Seal current = seals.find(sealId).orElseThrow(() -> new SealException.Unknown(sealId));
        revocable(current);
        Instant now = Instant.now();
        if (held(current)) {
            return transactions.execute(status -> {
                Seal locked = locked(sealId);
                revocable(locked);
                long entry = history.requested(sealId, "REVOKED", null, null, null, why, actor, now);
                long approval = approvals.request(SealRegistry.OPERATION, sealId, HELD + entry, "revoke "
                        + locked.kind() + " seal " + locked.name() + ": " + why, actor);
                history.approvalFiled(entry, approval);
                return new Outcome(locked, approval, List.of());
            });
        }
        return transactions.execute(status -> {
            Seal locked = locked(sealId);
            revocable(locked);
            return new Outcome(status(locked, SealStatus.REVOKED, "SEAL_REVOKED", "REVOKED", why, actor), null,
                    List.of());
        });
    }

    /** Applies a held change or revocation once approved; runs in the approval's transaction. */
    String approved(long entryId, String operator) {
        SealHistoryRepository.Held held = history.held(entryId).orElseThrow(() -> new IllegalStateException(
                "no held seal change " + entryId));
        if (!"REQUESTED".equals(held.state())) {
            throw new SealException.StateConflict("the seal change " + entryId + " is " + held.state());
        }
        Seal seal = locked(held.sealId());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        if ("REVOKED".equals(held.action())) {
            revocable(seal);
            status(seal, SealStatus.REVOKED, "SEAL_REVOKED", null, held.reason(), operator);
            history.applied(entryId, null, operator, now);
            return "seal revoked";
        }
        changeable(seal, "changed");
        Proposal proposal = proposal(held.proposal());
        if (proposal.validUntil() != null && !proposal.validUntil().isAfter(now)) {
            throw new SealException.RequestInvalid("validUntil " + proposal.validUntil() + " has passed since the "
                    + "change was requested: reject it and ask again");
        }
        byte[] png = proposal.image() ? held.imagePng() : null;
        String changes = changes(seal, proposal, png);
        apply(seal, proposal, png, operator, now);
        history.applied(entryId, limit(changes, 4000), operator, now);
        return "seal changed: " + String.join(", ", proposal.fields());
    }

    // ---------------------------------------------------------------- checks

    private Proposal proposal(Seal current, SealChange request, SealImages.Checked image, byte[] currentPng,
                              Instant now) {
        String name = null;
        if (request.name() != null) {
            String trimmed = SealRegistry.trimmed(request.name());
            if (trimmed == null || trimmed.length() > 100) {
                throw new SealException.RequestInvalid("name must not be blank (at most 100 characters)");
            }
            name = trimmed.equals(current.name()) ? null : trimmed;
        }
        Instant validUntil = null;
        if (request.validUntil() != null) {
            Instant until = request.validUntil().truncatedTo(ChronoUnit.SECONDS);
            if (!until.isAfter(now) || !until.isAfter(current.validFrom())) {
                throw new SealException.RequestInvalid("validUntil must be in the future");
            }
            validUntil = until.equals(current.validUntil()) ? null : until;
        }
        String shape = SealRegistry.choice("shape", request.shape(), current.shape(), SealRegistry.SHAPES);
        String colour = SealRegistry.choice("colour", request.colour(), current.colour(), SealRegistry.COLOURS);
        List<SealScope> scope = null;
        if (request.scope() != null) {
            List<SealScope> wanted = SealRegistry.scope(request.scope());
            scope = new HashSet<>(wanted).equals(new HashSet<>(current.scope())) ? null : wanted;
        }
        boolean newPicture = image != null && !Arrays.equals(image.png(), currentPng);
        boolean newSize = image != null && (image.widthMm() != current.widthMm()
                || image.heightMm() != current.heightMm());
        return new Proposal(name, validUntil, shape.equals(current.shape()) ? null : shape,
                colour.equals(current.colour()) ? null : colour, scope, newSize ? image.widthMm() : null,
                newSize ? image.heightMm() : null, newPicture);
    }

    /** Kind, owner and special type are what the seal is: given, they must be the seal's. */
    private static void unchangeable(Seal seal, SealChange request) {
        if (request.kind() != null && !request.kind().trim().equalsIgnoreCase(seal.kind().name())) {
            throw new SealException.RequestInvalid("kind cannot change (" + seal.kind() + "): create a new seal and "
                    + "revoke this one");
        }
        if (differs(request.specialType(), seal.specialType())) {
            throw new SealException.RequestInvalid("specialType cannot change: create a new seal and revoke this one");
        }
        if (differs(request.ownerStaffId(), seal.ownerStaffId()) || differs(request.ownerUnit(), seal.ownerUnit())) {
            throw new SealException.OwnerInvalid("the owner of a seal cannot change: create a new seal and revoke "
                    + "this one");
        }
    }

    private static boolean differs(String requested, String actual) {
        return requested != null && !Objects.equals(SealRegistry.trimmed(requested), actual);
    }

    private static void changeable(Seal seal, String verb) {
        if (seal.status() == SealStatus.REVOKED) {
            throw new SealException.StateConflict("seal " + seal.id() + " is REVOKED (final): it cannot be " + verb);
        }
        if (seal.status() == SealStatus.PENDING_APPROVAL) {
            throw new SealException.StateConflict("seal " + seal.id() + " is PENDING_APPROVAL: its creation must be "
                    + "approved first");
        }
    }

    private static void revocable(Seal seal) {
        if (seal.status() == SealStatus.REVOKED) {
            throw new SealException.StateConflict("seal " + seal.id() + " is REVOKED already (final)");
        }
    }

    /** Whether dual control holds changes and revocations of this seal; one held request per seal at a time. */
    private boolean held(Seal seal) {
        boolean held = seal.kind().organisational() && approvals.required(SealRegistry.OPERATION);
        if (held && approvals.list("PENDING").stream().anyMatch(a -> SealRegistry.OPERATION.equals(a.operation())
                && seal.id().equals(a.target()))) {
            throw new SealException.StateConflict("seal " + seal.id() + " has a request waiting for a second security "
                    + "administrator: approve or reject it first");
        }
        return held;
    }

    private static String reason(String reason, boolean required) {
        String why = SealRegistry.trimmed(reason);
        if (why == null && required) {
            throw new SealException.RequestInvalid("a reason is required");
        }
        if (why != null && why.length() > 500) {
            throw new SealException.RequestInvalid("the reason is at most 500 characters");
        }
        return why;
    }

    private Seal locked(String sealId) {
        return seals.findForUpdate(sealId).orElseThrow(() -> new SealException.Unknown(sealId));
    }

    // ---------------------------------------------------------------- applying

    /** Stores the changed seal, rebuilding its SESeal when its contents change, and audits SEAL_CHANGED. */
    private Seal apply(Seal current, Proposal p, byte[] png, String operator, Instant now) {
        Seal changed = new Seal(current.id(), p.name() != null ? p.name() : current.name(), current.kind(),
                current.specialType(), current.ownerStaffId(), current.ownerUnit(),
                p.widthMm() != null ? p.widthMm() : current.widthMm(),
                p.heightMm() != null ? p.heightMm() : current.heightMm(),
                p.shape() != null ? p.shape() : current.shape(), p.colour() != null ? p.colour() : current.colour(),
                current.certificateSerial(), current.validFrom(),
                p.validUntil() != null ? p.validUntil() : current.validUntil(),
                png != null ? Hex.toHexString(Sm3.digest(png)) : current.imageSm3(), current.status(),
                p.scope() != null ? List.copyOf(p.scope()) : current.scope(), current.createdBy(), current.createdAt());
        byte[] seseal = null;
        if (p.touchesSeseal()) {
            SeSeal old = SeSeal.parse(seals.seseal(current.id()).orElseThrow(() ->
                    new SealException.Unknown(current.id())));
            byte[] picture = png != null ? png : seals.image(current.id()).orElseThrow(() ->
                    new SealException.Unknown(current.id()));
            SealMaker.Maker m = maker.current();
            SeSeal.Builder builder = SeSeal.builder().esId(current.id()).name(changed.name()).type(old.type())
                    .createDate(now).validity(changed.validFrom(), changed.validUntil())
                    .picture(SealPicture.png(picture, changed.widthMm(), changed.heightMm()))
                    .maker(m.certificate(), m.key());
            for (byte[] certificate : old.certList()) {
                builder.signerCertificate(certificate(certificate));
            }
            seseal = builder.build().encoded();
        }
        seals.update(changed, png, seseal, now);
        audit.append(AuditEvent.success(operator, "SECURITY_ADMIN", "SEAL_CHANGED", current.id(),
                limit(changes(current, p, png) + (seseal != null ? "; seseal rebuilt" : ""), 2000)));
        return changed;
    }

    /** A status step at once: the seal row, the audit event and (unless the caller records it) the history. */
    private Seal status(Seal seal, SealStatus to, String event, String historyAction, String reason, String actor) {
        Instant now = Instant.now();
        if (!seals.changeStatus(seal.id(), seal.status(), to, now)) {
            throw new SealException.StateConflict("seal " + seal.id() + " changed meanwhile; try again");
        }
        audit.append(AuditEvent.success(actor, "SECURITY_ADMIN", event, seal.id(), seal.status() + " → " + to
                + (reason != null ? " reason=" + limit(reason, 500) : "")));
        if (historyAction != null) {
            history.done(seal.id(), historyAction, null, reason, actor, now);
        }
        return seals.find(seal.id()).orElseThrow(() -> new SealException.Unknown(seal.id()));
    }

    /** {@code field: before → after; …} of a change. */
    private static String changes(Seal seal, Proposal p, byte[] png) {
        List<String> parts = new ArrayList<>();
        if (p.name() != null) {
            parts.add("name: " + seal.name() + " → " + p.name());
        }
        if (p.validUntil() != null) {
            parts.add("validUntil: " + seal.validUntil() + " → " + p.validUntil());
        }
        if (p.shape() != null) {
            parts.add("shape: " + seal.shape() + " → " + p.shape());
        }
        if (p.colour() != null) {
            parts.add("colour: " + seal.colour() + " → " + p.colour());
        }
        if (p.scope() != null) {
            parts.add("scope: " + scope(seal.scope()) + " → " + scope(p.scope()));
        }
        if (p.image()) {
            parts.add("image: sm3 " + seal.imageSm3() + " → sm3 "
                    + (png != null ? Hex.toHexString(Sm3.digest(png)) : "?"));
        }
        if (p.widthMm() != null) {
            parts.add("size: " + seal.widthMm() + "x" + seal.heightMm() + " mm → " + p.widthMm() + "x"
                    + p.heightMm() + " mm");
        }
        return String.join("; ", parts);
    }

    private static String scope(List<SealScope> scope) {
        return scope.isEmpty() ? "any" : scope.stream().map(s -> s.system() + "/" + s.scenario()).toList().toString();
    }

    private static String limit(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static X509CertificateHolder certificate(byte[] der) {
        try {
            return new X509CertificateHolder(der);
        } catch (IOException e) {
            throw new IllegalStateException("the stored SESeal names a certificate that is not DER", e);
        }
    }

    private static String json(Proposal proposal) {
        try {
            String json = JSON.writeValueAsString(proposal);
            if (json.length() > 4000) {
                throw new SealException.RequestInvalid("the change is too large to hold for approval: fewer scope "
                        + "entries, please");
            }
            return json;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the seal change", e);
        }
    }

    private static Proposal proposal(String json) {
        try {
            return JSON.readValue(json, Proposal.class);
        } catch (IOException e) {
            throw new IllegalStateException("the held seal change is not readable", e);
        }
    }
}
