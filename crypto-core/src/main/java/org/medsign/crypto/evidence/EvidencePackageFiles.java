package org.medsign.crypto.evidence;

/** Names inside an evidence package ZIP (the layout documented in docs/evidence.md). */
public final class EvidencePackageFiles {

    /** Manifest format line value. */
    public static final String FORMAT = "medsign-evidence-1";
    public static final String MANIFEST = "manifest.txt";
    public static final String SUMS = "SM3SUMS";
    public static final String README = "README.md";
    public static final String VERIFY_SH = "verify.sh";
    public static final String DOCUMENT = "document.bin";
    public static final String CMS = "signature.p7s";
    public static final String RAW_SIGNATURE = "signature.sig";
    /** The handwriting image whose SM3 is a signed attribute of {@link #CMS}. */
    public static final String HANDWRITING = "handwriting.png";
    public static final String SIGNER = "certs/signer.pem";
    public static final String ISSUING_CA = "certs/issuing-ca.pem";
    public static final String ROOT = "certs/root-ca.pem";
    public static final String TSA = "certs/tsa.pem";
    public static final String CRL = "revocation/crl.der";
    public static final String TOKEN = "timestamp/token.tst";
    public static final String CHAIN = "audit/chain.txt";
    public static final String ANCHOR_HEADS = "audit/anchor-heads.txt";
    public static final String ANCHOR_TOKEN = "audit/anchor-token.tst";
    public static final String ANCHOR_TSA = "audit/anchor-tsa.pem";
    public static final String EVIDENCE_RECORD = "ers/evidence-record.ers";

    private EvidencePackageFiles() {
    }

    /** The TSA certificate of archive timestamp {@code stamp} (1-based) of chain {@code chain} of the evidence record. */
    public static String archiveTsa(int chain, int stamp) {
        return "ers/tsa-" + chain + "-" + stamp + ".pem";
    }

    /** The canonical text file of audit event {@code seq}. */
    public static String event(long seq) {
        return "audit/event-" + seq + ".txt";
    }
}
