package org.medsign.crypto.evidence;

import java.util.Map;

import org.medsign.crypto.MalformedInputException;
import org.medsign.crypto.cms.HandwritingAttribute;
import org.medsign.crypto.sm.Sm3;

/**
 * The evidence package check of a handwritten signature: the image named by the manifest's {@code handwriting} and
 * the signed {@link HandwritingAttribute} of the CMS go together (both or neither), and the image's SM3 is the
 * attribute's digest.
 */
final class HandwritingEvidence {

    static final String CHECK = "handwriting";

    private HandwritingEvidence() {
    }

    /** The check's outcome, or null when the package has neither image nor attribute. */
    static EvidenceVerification.Item check(Map<String, byte[]> files, Map<String, String> manifest, byte[] cms,
                                           byte[] document) {
        String name = manifest.getOrDefault("handwriting", "none");
        HandwritingAttribute attribute;
        try {
            attribute = HandwritingAttribute.of(cms, document);
        } catch (MalformedInputException e) {
            return failed(e.getMessage());
        }
        if ("none".equals(name)) {
            return attribute == null ? null : failed(EvidencePackageFiles.CMS + " carries a handwriting digest but "
                    + "the package has no handwriting image");
        }
        byte[] image = files.get(name);
        if (image == null) {
            return failed(name + " is missing from the package");
        }
        if (attribute == null) {
            return failed(name + " is in the package but " + EvidencePackageFiles.CMS
                    + " has no handwriting attribute");
        }
        if (!attribute.matches(image)) {
            return failed(name + ": its SM3 " + java.util.HexFormat.of().formatHex(Sm3.digest(image))
                    + " is not the signed handwriting digest " + attribute.digestHex());
        }
        return new EvidenceVerification.Item(CHECK, true, name + ": SM3 " + attribute.digestHex()
                + " is the signed handwriting attribute (" + HandwritingAttribute.OID.getId() + ")");
    }

    private static EvidenceVerification.Item failed(String detail) {
        return new EvidenceVerification.Item(CHECK, false, detail);
    }
}
