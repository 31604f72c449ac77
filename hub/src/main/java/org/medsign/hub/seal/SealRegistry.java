package org.medsign.hub.seal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.util.encoders.Hex;
import org.medsign.crypto.seal.SeSeal;
import org.medsign.crypto.seal.SealPicture;
import org.medsign.crypto.sm.Sm3;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.lifecycle.CertificateState;
import org.medsign.hub.lifecycle.StaffCredential;
import org.medsign.hub.lifecycle.ledger.StaffCertificates;
import org.medsign.hub.lifecycle.ledger.StaffDirectory;
import org.medsign.hub.lifecycle.ledger.StaffRepository;
import org.medsign.hub.lifecycle.operations.Approvals;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates and lists seals. A new seal is checked completely (kind, name, special type, image, validity, scope,
 * owner) before anything is stored; its SESeal names the certificate that signs with it and is signed by the
 * {@link SealMaker}. A PERSONAL seal signs with its owner's current ACTIVE personal certificate; the other kinds with
 * the organisation certificate of their unit, an organisation signer ({@code signer_kind = 'ORGANISATION'}, staff id
 * {@code ORG-} + 8 hex of SM3(unit)) that the registry creates with a hub-held key on the unit's first seal. Every
 * creation is audited ({@code SEAL_CREATED}).
 */
@Component
public class SealRegistry {

    /** The dual-control operation of organisation seals ({@code medsign.lifecycle.dual-control}). */
    public static final String OPERATION = "SEAL";
    /** The actor of the demo seals, created ACTIVE at start-up without dual control. */
    public static final String DEMO_ACTOR = "demo";

    /** A created seal and, when it waits for a second security administrator, its approval request. */
    public record Created(Seal seal, Long approvalId) {
    }

    /** Shapes a seal may have. */
    public static final Set<String> SHAPES = Set.of("CIRCLE", "ELLIPSE", "RECTANGLE", "SQUARE");
    /** Colours a seal may have. */
    public static final Set<String> COLOURS = Set.of("RED", "BLUE", "BLACK");

    private final SealRepository seals;
    private final SealImages images;
    private final SealMaker maker;
    private final SealProperties properties;
    private final StaffDirectory directory;
    private final StaffRepository staff;
    private final StaffCertificates certificates;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Approvals approvals;
    private final SealHistoryRepository history;

    public SealRegistry(SealRepository seals, SealImages images, SealMaker maker, SealProperties properties,
                        StaffDirectory directory, StaffRepository staff, StaffCertificates certificates,
                        AuditLog audit, TransactionTemplate transactions, Approvals approvals,
                        SealHistoryRepository history) {
        this.history = history;
        this.seals = seals;
        this.images = images;
        this.maker = maker;
        this.properties = properties;
        this.directory = directory;
        this.staff = staff;
        this.certificates = certificates;
        this.audit = audit;
        this.transactions = transactions;
        this.approvals = approvals;
    }

    /** Every seal, oldest first (without image bytes). */
    public List<Seal> all() {
        return seals.all();
    }

    /** A seal by id. */
    public Seal find(String sealId) {
        return seals.find(sealId).orElseThrow(() -> new SealException.Unknown(sealId));
    }

    /** A seal's PNG. */
    public byte[] image(String sealId) {
        return seals.image(sealId).orElseThrow(() -> new SealException.Unknown(sealId));
    }

    /** The DER of a seal's GB/T 38540 SESeal. */
    public byte[] seseal(String sealId) {
        return seals.seseal(sealId).orElseThrow(() -> new SealException.Unknown(sealId));
    }

    /** The seal maker's certificate, to verify any seal's SESeal with. */
    public X509CertificateHolder makerCertificate() {
        return maker.certificate();
    }

    /** Activates a seal whose creation a second security administrator approved. */
    void approved(String sealId, String operator) {
        Instant now = Instant.now();
        if (!seals.activate(sealId, now)) {
            Seal seal = find(sealId);
            throw new SealException.StateConflict("seal " + sealId + " is " + seal.status()
                    + ", not PENDING_APPROVAL: its creation cannot be approved");
        }
        history.done(sealId, "ACTIVATED", null, null, operator, now);
    }

    /** Whether a seal of that kind already exists for the owner (and special type). */
    public boolean exists(SealKind kind, String ownerStaffId, String ownerUnit, String specialType) {
        return seals.exists(kind, ownerStaffId, ownerUnit, specialType);
    }

    /**
     * Creates a seal after checking every field; throws a {@link SealException} with the reason otherwise, with
     * nothing stored. The seal is ACTIVE, or PENDING_APPROVAL with an approval request when it is an organisation
     * seal and dual control covers {@value #OPERATION} (the demo seals excepted).
     */
    public Created create(NewSeal request, String actor) {
        SealKind kind = kind(request.kind());
        String name = trimmed(request.name());
        if (name == null || name.length() > 100) {
            throw new SealException.RequestInvalid("name is required (at most 100 characters)");
        }
        String specialType = trimmed(request.specialType());
        if (kind == SealKind.SPECIAL) {
            if (specialType == null || !properties.specialTypes().contains(specialType)) {
                throw new SealException.RequestInvalid("a SPECIAL seal needs specialType, one of "
                        + properties.specialTypes());
            }
        } else if (specialType != null) {
            throw new SealException.RequestInvalid("specialType is only for SPECIAL seals");
        }
        String shape = choice("shape", request.shape(), kind == SealKind.PERSONAL ? "RECTANGLE" : "CIRCLE", SHAPES);
        String colour = choice("colour", request.colour(), kind == SealKind.PERSONAL ? "BLACK" : "RED", COLOURS);
        SealImages.Checked image = images.check(request.imagePng(), request.widthMm(), request.heightMm());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant validUntil = request.validUntil() != null ? request.validUntil().truncatedTo(ChronoUnit.SECONDS)
                : now.plus(properties.validityDays(), ChronoUnit.DAYS);
        if (!validUntil.isAfter(now)) {
            throw new SealException.RequestInvalid("validUntil must be in the future");
        }
        List<SealScope> scope = scope(request.scope());
        String ownerStaffId = trimmed(request.ownerStaffId());
        String ownerUnit = trimmed(request.ownerUnit());
        if (kind == SealKind.PERSONAL) {
            if (ownerStaffId == null || ownerUnit != null) {
                throw new SealException.OwnerInvalid("a PERSONAL seal belongs to a staff member: give ownerStaffId "
                        + "(and no ownerUnit)");
            }
        } else if (ownerUnit == null || ownerStaffId != null || ownerUnit.length() > 100) {
            throw new SealException.OwnerInvalid("a " + kind + " seal belongs to an organisation unit: give ownerUnit "
                    + "(at most 100 characters, and no ownerStaffId)");
        }
        SealMaker.Maker current = maker.current(); // outside the transaction: a maker once issued stays
        boolean controlled = kind.organisational() && approvals.required(OPERATION) && !DEMO_ACTOR.equals(actor);
        return transactions.execute(status -> {
            StaffCredential credential = kind == SealKind.PERSONAL ? personal(ownerStaffId) : organisation(ownerUnit, now);
            String id = UUID.randomUUID().toString();
            SeSeal seseal = SeSeal.builder().esId(id).name(name).type(kind.sesType())
                    .signerCertificate(credential.certificate()).createDate(now).validity(now, validUntil)
                    .picture(SealPicture.png(image.png(), image.widthMm(), image.heightMm()))
                    .maker(current.certificate(), current.key()).build();
            Seal seal = new Seal(id, name, kind, specialType, ownerStaffId, ownerUnit, image.widthMm(),
                    image.heightMm(), shape, colour, credential.serial(), now, validUntil,
                    Hex.toHexString(Sm3.digest(image.png())), controlled ? SealStatus.PENDING_APPROVAL : SealStatus.ACTIVE,
                    scope, actor, now);
            seals.insert(seal, image.png(), seseal.encoded());
            history.done(id, "CREATED", null, null, actor, now);
            audit.append(AuditEvent.success(actor, "SECURITY_ADMIN", "SEAL_CREATED", id, "kind=" + kind
                    + (specialType != null ? " specialType=" + specialType : "")
                    + (ownerStaffId != null ? " staff=" + ownerStaffId : " unit=" + ownerUnit)
                    + " cert=" + credential.serial() + " imageSm3=" + seal.imageSm3() + " status=" + seal.status()));
            Long approval = controlled ? approvals.request(OPERATION, id, null, "create " + kind + " seal " + name,
                    actor) : null;
            return new Created(seal, approval);
        });
    }

    private StaffCredential personal(String staffId) {
        if (!directory.staffExists(staffId)) {
            throw new SealException.OwnerInvalid("no staff member " + staffId);
        }
        if (directory.isOrganisation(staffId)) {
            throw new SealException.OwnerInvalid(staffId + " is an organisation signer, not a person: give its unit "
                    + "as ownerUnit of a DEPARTMENT, HOSPITAL or SPECIAL seal");
        }
        return active(staffId).orElseThrow(() -> new SealException.OwnerInvalid(staffId
                + " has no ACTIVE personal certificate to sign with the seal"));
    }

    /** The unit's organisation signer's ACTIVE certificate, creating the signer and certificate on first use. */
    private StaffCredential organisation(String unit, Instant now) {
        String staffId = organisationSignerId(unit);
        if (!directory.staffExists(staffId)) {
            staff.insertActive(staffId, unit, unit, null, now);
            staff.setSignerKind(staffId, "ORGANISATION", now);
        } else if (!directory.isOrganisation(staffId)) {
            throw new SealException.OwnerInvalid("the signer " + staffId + " of unit " + unit + " is not an "
                    + "organisation");
        }
        return active(staffId).orElseGet(() -> certificates.issue(staffId, unit, unit, null, now, null));
    }

    /** The staff id of a unit's organisation signer. */
    public static String organisationSignerId(String unit) {
        return "ORG-" + Hex.toHexString(Sm3.digest(unit.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 8).toUpperCase(Locale.ROOT);
    }

    private Optional<StaffCredential> active(String staffId) {
        return directory.credentials(staffId).stream().filter(c -> c.state() == CertificateState.ACTIVE)
                .filter(c -> c.notAfter().isAfter(Instant.now()))
                .max(Comparator.comparing(StaffCredential::notBefore));
    }

    private static SealKind kind(String kind) {
        if (kind == null) {
            throw new SealException.RequestInvalid("kind is required: PERSONAL, DEPARTMENT, HOSPITAL or SPECIAL");
        }
        try {
            return SealKind.valueOf(kind.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SealException.RequestInvalid("unknown seal kind '" + kind
                    + "': PERSONAL, DEPARTMENT, HOSPITAL or SPECIAL");
        }
    }

    static String choice(String field, String value, String fallback, Set<String> allowed) {
        String v = trimmed(value);
        if (v == null) {
            return fallback;
        }
        String upper = v.toUpperCase(Locale.ROOT);
        if (!allowed.contains(upper)) {
            throw new SealException.RequestInvalid("unknown " + field + " '" + v + "': one of " + new TreeSet<>(allowed));
        }
        return upper;
    }

    static List<SealScope> scope(List<SealScope> requested) {
        if (requested == null) {
            return List.of();
        }
        Set<SealScope> unique = new LinkedHashSet<>();
        for (SealScope s : requested) {
            String system = s == null ? null : trimmed(s.system());
            String scenario = s == null ? null : trimmed(s.scenario());
            if (system == null || scenario == null || system.length() > 64 || scenario.length() > 64) {
                throw new SealException.RequestInvalid("each scope entry needs system and scenario (at most 64 "
                        + "characters; '*' for any)");
            }
            unique.add(new SealScope(system, scenario));
        }
        return new ArrayList<>(unique);
    }

    static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
