package org.medsign.crypto.ca;

import java.time.Instant;
import java.util.Objects;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * What a certificate should say. Build with {@link #builder()}; validity defaults to "now" plus the CA's default.
 *
 * @param subject        subject name (GM/T 0015: CN, OU, O, C; the hub adds SERIALNUMBER = staff id)
 * @param publicKey      the subject's SM2 public key
 * @param profile        extensions profile
 * @param notBefore      start of validity, or null for now
 * @param notAfter       end of validity, or null for notBefore + default validity
 * @param identityNumber resident ID card number for the GM/T 0015 identity extension, or null (personal data)
 */
public record CertificateRequest(X500Name subject, SubjectPublicKeyInfo publicKey, CertificateProfile profile,
                                 Instant notBefore, Instant notAfter, String identityNumber) {

    public CertificateRequest {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(profile, "profile");
        if (notBefore != null && notAfter != null && !notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter must be after notBefore");
        }
        if (profile == CertificateProfile.ORGANISATION_SIGNING && identityNumber != null) {
            throw new IllegalArgumentException("an organisation certificate carries no resident ID card number");
        }
    }

    @Override
    public String toString() {
        return "CertificateRequest[" + subject + ", " + profile + ", " + notBefore + " .. " + notAfter + "]";
    }

    /** A builder for signing certificates. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder; setters return this. */
    public static final class Builder {
        private X500Name subject;
        private SubjectPublicKeyInfo publicKey;
        private CertificateProfile profile = CertificateProfile.SIGNING;
        private Instant notBefore;
        private Instant notAfter;
        private String identityNumber;

        public Builder subject(X500Name subject) {
            this.subject = subject;
            return this;
        }

        public Builder publicKey(SubjectPublicKeyInfo publicKey) {
            this.publicKey = publicKey;
            return this;
        }

        public Builder profile(CertificateProfile profile) {
            this.profile = profile;
            return this;
        }

        public Builder validity(Instant notBefore, Instant notAfter) {
            this.notBefore = notBefore;
            this.notAfter = notAfter;
            return this;
        }

        public Builder identityNumber(String identityNumber) {
            this.identityNumber = identityNumber;
            return this;
        }

        public CertificateRequest build() {
            return new CertificateRequest(subject, publicKey, profile, notBefore, notAfter, identityNumber);
        }
    }
}
