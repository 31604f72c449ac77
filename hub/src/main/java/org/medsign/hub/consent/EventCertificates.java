package org.medsign.hub.consent;

import java.time.Duration;
import java.time.Instant;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509CertificateHolder;
import org.medsign.crypto.cert.DistinguishedNames;
import org.medsign.crypto.key.SoftwareSigningKey;
import org.medsign.hub.pki.CaConnector;
import org.medsign.hub.pki.HubPki;
import org.springframework.stereotype.Component;

/**
 * One-time event certificates (事件型证书) for a patient's signature: a fresh SM2 key made in memory, a certificate
 * for it from the hub's CA ({@link CaConnector}, the GM/T 0015 signing profile: digitalSignature + nonRepudiation)
 * valid for {@link #VALIDITY}, with the patient's name as CN and the SM3 of the identity number as serialNumber —
 * never the number itself. The key is handed to the caller only: it is not put into the key vault, the database or
 * a log, and the caller drops it after its one signature.
 */
@Component
public class EventCertificates {

    /** How long an event certificate is valid. */
    public static final Duration VALIDITY = Duration.ofDays(1);
    /** The subject's OU: what kind of holder this is. */
    public static final String HOLDER = "患者";

    /** A key in memory and its certificate. */
    public record Issued(SoftwareSigningKey key, X509CertificateHolder certificate) {
        @Override
        public String toString() {
            return "Issued[" + certificate.getSerialNumber().toString(16) + "]";
        }
    }

    private final CaConnector ca;
    private final HubPki pki;

    public EventCertificates(CaConnector ca, HubPki pki) {
        this.ca = ca;
        this.pki = pki;
    }

    /** Issues the certificate of one patient signature ({@code eventId} names it for the CA). */
    public Issued issue(String eventId, String patientName, String patientIdSm3) {
        SoftwareSigningKey key = SoftwareSigningKey.generate("event-" + eventId);
        Instant now = Instant.now();
        X509CertificateHolder certificate = ca.issue("event/" + eventId, subject(patientName, patientIdSm3),
                key.publicKeyInfo(), now, now.plus(VALIDITY));
        return new Issued(key, certificate);
    }

    /** C=CN, O (the CA's), OU=患者, CN=name, serialNumber=SM3 of the identity number (hex). */
    X500Name subject(String patientName, String patientIdSm3) {
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "CN");
        String organisation = DistinguishedNames.first(pki.root().getSubject(), BCStyle.O);
        if (organisation != null) {
            subject.addRDN(BCStyle.O, organisation);
        }
        return subject.addRDN(BCStyle.OU, HOLDER).addRDN(BCStyle.CN, patientName)
                .addRDN(BCStyle.SERIALNUMBER, patientIdSm3).build();
    }
}
