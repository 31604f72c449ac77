package org.medsign.crypto.verify;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CRLEntryHolder;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.medsign.crypto.ca.RevocationReason;
import org.medsign.crypto.ca.SerialNumbers;
import org.medsign.crypto.operator.Digests;
import org.medsign.crypto.operator.Sm2ContentVerifierProvider;
import org.medsign.crypto.sm.SignerId;

/**
 * Builds and checks a certification path from a certificate to one of the trust anchors: signatures (standard SM2
 * ID, tolerating OpenSSL's empty ID with a warning), validity at the validation time, CA constraints, key usage, and
 * revocation from CRLs or OCSP responses. Every problem becomes a {@link Check} with a {@link ReasonCode}.
 */
public final class CertificatePathValidator {

    private static final int MAX_DEPTH = 8;

    private final List<X509CertificateHolder> trustAnchors;
    private final RevocationData revocation;
    private final boolean revocationRequired;
    private final Clock clock;

    /** A validator with these anchors and revocation data; {@code revocationRequired} makes missing data fatal. */
    public CertificatePathValidator(List<X509CertificateHolder> trustAnchors, RevocationData revocation,
                                    boolean revocationRequired, Clock clock) {
        this.trustAnchors = List.copyOf(trustAnchors);
        this.revocation = revocation;
        this.revocationRequired = revocationRequired;
        this.clock = clock;
    }

    /** Validates {@code target} at {@code at}, on its own report (GM/T 0029 ValidateCert). */
    public VerificationReport validate(X509CertificateHolder target, Collection<X509CertificateHolder> intermediates,
                                       Instant at, KeyPurpose purpose) {
        ReportBuilder report = new ReportBuilder();
        report.signer = CertificateInfo.of(target);
        report.validationTime = at;
        validate(target, intermediates, at, purpose, "", report);
        return report.build();
    }

    /** Validates into an existing report; names of checks get {@code prefix}. Returns the path (target first). */
    List<X509CertificateHolder> validate(X509CertificateHolder target, Collection<X509CertificateHolder> intermediates,
                                         Instant at, KeyPurpose purpose, String prefix, ReportBuilder report) {
        List<X509CertificateHolder> path = buildPath(target, intermediates, prefix, report);
        if (prefix.isEmpty()) {
            report.chain = path.stream().map(CertificateInfo::of).toList();
        }
        if (path.isEmpty()) {
            return path;
        }
        for (X509CertificateHolder certificate : path) {
            checkValidity(certificate, at, prefix, report);
        }
        for (int i = 1; i < path.size(); i++) {
            checkIsCa(path.get(i), prefix, report);
        }
        checkPurpose(target, purpose, prefix, report);
        for (int i = 0; i < path.size() - 1; i++) {
            checkRevocation(path.get(i), path.get(i + 1), at, i == 0, prefix, report);
        }
        return path;
    }

    private List<X509CertificateHolder> buildPath(X509CertificateHolder target,
                                                  Collection<X509CertificateHolder> intermediates, String prefix,
                                                  ReportBuilder report) {
        List<X509CertificateHolder> path = new ArrayList<>();
        path.add(target);
        X509CertificateHolder current = target;
        boolean nonStandardId = false;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            if (isAnchor(current)) {
                report.add(Check.passed(prefix + "chain", "path of " + path.size() + " to trust anchor "
                        + CertificateInfo.of(current).subject()));
                if (nonStandardId) {
                    report.add(Check.warning(prefix + "chain", ReasonCode.NON_STANDARD_SIGNER_ID,
                            "a certificate in the path is signed with a non-standard SM2 ID (empty ID)"));
                }
                return path;
            }
            boolean issuerNamed = false;
            X509CertificateHolder issuer = null;
            for (X509CertificateHolder candidate : candidates(intermediates)) {
                if (!candidate.getSubject().equals(current.getIssuer()) || candidate.equals(current)) {
                    continue;
                }
                issuerNamed = true;
                SignerId id = signedBy(current, candidate);
                if (id != null) {
                    nonStandardId |= !id.isDefault();
                    issuer = candidate;
                    break;
                }
            }
            if (issuer == null) {
                if (issuerNamed) {
                    report.add(Check.failed(prefix + "chain", ReasonCode.CHAIN_SIGNATURE_INVALID,
                            "certificate " + SerialNumbers.hex(current.getSerialNumber())
                                    + " does not verify under its named issuer's key"));
                } else {
                    report.add(Check.indeterminate(prefix + "chain", ReasonCode.CHAIN_NO_TRUST_ANCHOR,
                            "no trusted issuer found for " + CertificateInfo.of(current).issuer()));
                }
                return List.of();
            }
            path.add(issuer);
            current = issuer;
        }
        report.add(Check.indeterminate(prefix + "chain", ReasonCode.CHAIN_NO_TRUST_ANCHOR, "path too long"));
        return List.of();
    }

    private List<X509CertificateHolder> candidates(Collection<X509CertificateHolder> intermediates) {
        List<X509CertificateHolder> all = new ArrayList<>(trustAnchors);
        all.addAll(intermediates);
        return all;
    }

    private boolean isAnchor(X509CertificateHolder certificate) {
        return trustAnchors.stream().anyMatch(anchor -> anchor.equals(certificate));
    }

    /** The ID with which {@code issuer} signed {@code certificate}, or null if it did not. */
    static SignerId signedBy(X509CertificateHolder certificate, X509CertificateHolder issuer) {
        try {
            Sm2ContentVerifierProvider provider = Sm2ContentVerifierProvider.of(issuer);
            return certificate.isSignatureValid(provider) ? provider.matchedSignerId() : null;
        } catch (Exception e) {
            return null; // wrong key type, bad encoding: not signed by this issuer
        }
    }

    private void checkValidity(X509CertificateHolder certificate, Instant at, String prefix, ReportBuilder report) {
        String name = prefix + "validity:" + SerialNumbers.hex(certificate.getSerialNumber());
        if (at.isBefore(certificate.getNotBefore().toInstant())) {
            report.add(Check.failed(name, ReasonCode.CERTIFICATE_NOT_YET_VALID,
                    "not valid before " + certificate.getNotBefore().toInstant() + " (checked at " + at + ")"));
        } else if (at.isAfter(certificate.getNotAfter().toInstant())) {
            report.add(Check.failed(name, ReasonCode.CERTIFICATE_EXPIRED,
                    "expired " + certificate.getNotAfter().toInstant() + " (checked at " + at + ")"));
        } else {
            report.add(Check.passed(name, "valid at " + at));
        }
    }

    private void checkIsCa(X509CertificateHolder issuer, String prefix, ReportBuilder report) {
        BasicConstraints constraints = BasicConstraints.fromExtensions(issuer.getExtensions());
        KeyUsage usage = KeyUsage.fromExtensions(issuer.getExtensions());
        boolean isCa = constraints != null && constraints.isCA();
        boolean maySign = usage == null || usage.hasUsages(KeyUsage.keyCertSign);
        if (!isCa || !maySign) {
            report.add(Check.failed(prefix + "ca:" + SerialNumbers.hex(issuer.getSerialNumber()),
                    ReasonCode.CHAIN_ISSUER_NOT_CA, "issuer is not a certification authority"));
        }
    }

    private void checkPurpose(X509CertificateHolder target, KeyPurpose purpose, String prefix, ReportBuilder report) {
        String name = prefix + "key-usage";
        switch (purpose) {
            case SIGNING -> {
                KeyUsage usage = KeyUsage.fromExtensions(target.getExtensions());
                if (usage != null && !usage.hasUsages(KeyUsage.digitalSignature)
                        && !usage.hasUsages(KeyUsage.nonRepudiation)) {
                    report.add(Check.failed(name, ReasonCode.KEY_USAGE_NOT_PERMITTED,
                            "key usage allows neither digitalSignature nor nonRepudiation"));
                } else {
                    report.add(Check.passed(name, "signing permitted"));
                }
            }
            case TIME_STAMPING -> {
                ExtendedKeyUsage eku = ExtendedKeyUsage.fromExtensions(target.getExtensions());
                Extension extension = target.getExtension(Extension.extendedKeyUsage);
                if (eku == null || !eku.hasKeyPurposeId(KeyPurposeId.id_kp_timeStamping) || !extension.isCritical()) {
                    report.add(Check.failed(name, ReasonCode.KEY_USAGE_NOT_PERMITTED,
                            "not a TSA certificate (critical extended key usage timeStamping required)"));
                } else {
                    report.add(Check.passed(name, "timeStamping"));
                }
            }
            case ANY -> {
            }
        }
    }

    private void checkRevocation(X509CertificateHolder certificate, X509CertificateHolder issuer, Instant at,
                                 boolean isTarget, String prefix, ReportBuilder report) {
        BigInteger serial = certificate.getSerialNumber();
        String name = prefix + "revocation:" + SerialNumbers.hex(serial);
        Instant now = clock.instant();
        boolean covered = false;
        for (X509CRLHolder crl : revocation.crls()) {
            if (!crl.getIssuer().equals(certificate.getIssuer())) {
                continue;
            }
            if (!crlSignedBy(crl, issuer)) {
                report.add(Check.failed(name, ReasonCode.REVOCATION_DATA_INVALID,
                        "CRL from " + CertificateInfo.of(issuer).subject() + " does not verify under the issuer key"));
                return;
            }
            if (crl.getThisUpdate().toInstant().isAfter(now.plusSeconds(300))) {
                report.add(Check.failed(name, ReasonCode.REVOCATION_DATA_INVALID, "CRL thisUpdate is in the future"));
                return;
            }
            covered = true;
            X509CRLEntryHolder entry = crl.getRevokedCertificate(serial);
            if (entry != null) {
                RevocationReason reason = reasonOf(entry);
                judgeRevoked(name, entry.getRevocationDate().toInstant(), reason, at, report);
                return;
            }
        }
        for (BasicOCSPResp response : revocation.ocspResponses()) {
            for (SingleResp single : response.getResponses()) {
                CertificateID id = single.getCertID();
                if (!id.getSerialNumber().equals(serial) || !matchesIssuer(id, issuer)) {
                    continue;
                }
                if (!ocspSignedBy(response, issuer)) {
                    report.add(Check.failed(name, ReasonCode.REVOCATION_DATA_INVALID,
                            "OCSP response does not verify under the issuer key"));
                    return;
                }
                Object status = single.getCertStatus();
                if (status instanceof RevokedStatus revoked) {
                    RevocationReason reason = revoked.hasRevocationReason()
                            ? RevocationReason.ofCode(revoked.getRevocationReason()) : RevocationReason.UNSPECIFIED;
                    judgeRevoked(name, revoked.getRevocationTime().toInstant(), reason, at, report);
                    return;
                }
                if (status instanceof UnknownStatus) {
                    continue;
                }
                report.add(Check.passed(name, "good (OCSP " + single.getThisUpdate().toInstant() + ")"));
                return;
            }
        }
        if (covered) {
            report.add(Check.passed(name, "not on the CRL"));
        } else if (isTarget && revocationRequired) {
            report.add(Check.indeterminate(name, ReasonCode.REVOCATION_NOT_CHECKED, "no CRL or OCSP response"));
        } else if (isTarget) {
            report.add(Check.warning(name, ReasonCode.REVOCATION_NOT_CHECKED, "no CRL or OCSP response given"));
        }
    }

    private static void judgeRevoked(String name, Instant revokedAt, RevocationReason reason, Instant at,
                                     ReportBuilder report) {
        String detail = reason.rfcName() + " since " + revokedAt;
        if (revokedAt.isAfter(at)) {
            report.add(Check.warning(name, ReasonCode.REVOKED_AFTER_SIGNING, detail + ", after " + at));
        } else if (reason.isHold()) {
            report.add(Check.failed(name, ReasonCode.CERTIFICATE_ON_HOLD, detail));
        } else {
            report.add(Check.failed(name, ReasonCode.CERTIFICATE_REVOKED, detail));
        }
    }

    private static RevocationReason reasonOf(X509CRLEntryHolder entry) {
        Extension extension = entry.getExtensions() == null ? null
                : entry.getExtensions().getExtension(Extension.reasonCode);
        if (extension == null) {
            return RevocationReason.UNSPECIFIED;
        }
        return RevocationReason.ofCode(CRLReason.getInstance(extension.getParsedValue()).getValue().intValue());
    }

    private static boolean crlSignedBy(X509CRLHolder crl, X509CertificateHolder issuer) {
        try {
            return crl.isSignatureValid(Sm2ContentVerifierProvider.of(issuer));
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean ocspSignedBy(BasicOCSPResp response, X509CertificateHolder issuer) {
        try {
            if (response.isSignatureValid(Sm2ContentVerifierProvider.of(issuer))) {
                return true;
            }
            // a delegated responder: its certificate must be issued by the CA
            for (X509CertificateHolder responder : response.getCerts()) {
                if (signedBy(responder, issuer) != null
                        && response.isSignatureValid(Sm2ContentVerifierProvider.of(responder))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean matchesIssuer(CertificateID id, X509CertificateHolder issuer) {
        try {
            return id.matchesIssuer(issuer, Digests.provider());
        } catch (Exception e) {
            return false;
        }
    }
}
