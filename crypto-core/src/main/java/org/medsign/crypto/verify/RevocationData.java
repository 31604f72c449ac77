package org.medsign.crypto.verify;

import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.medsign.crypto.MalformedInputException;

/** CRLs and OCSP responses available to a verification. */
public record RevocationData(List<X509CRLHolder> crls, List<BasicOCSPResp> ocspResponses) {

    /** No revocation data. */
    public static final RevocationData NONE = new RevocationData(List.of(), List.of());

    public RevocationData {
        crls = List.copyOf(crls);
        ocspResponses = List.copyOf(ocspResponses);
    }

    /** Only CRLs. */
    public static RevocationData ofCrls(List<X509CRLHolder> crls) {
        return new RevocationData(crls, List.of());
    }

    /** These data plus more CRLs. */
    public RevocationData withCrls(List<X509CRLHolder> more) {
        List<X509CRLHolder> all = new ArrayList<>(crls);
        all.addAll(more);
        return new RevocationData(all, ocspResponses);
    }

    /** These data plus an encoded OCSP response (must be "successful"). */
    public RevocationData withOcspResponse(byte[] der) {
        try {
            OCSPResp response = new OCSPResp(der);
            if (response.getStatus() != 0 || !(response.getResponseObject() instanceof BasicOCSPResp basic)) {
                throw new MalformedInputException("OCSP response status " + response.getStatus() + " carries no answer");
            }
            List<BasicOCSPResp> all = new ArrayList<>(ocspResponses);
            all.add(basic);
            return new RevocationData(crls, all);
        } catch (java.io.IOException | org.bouncycastle.cert.ocsp.OCSPException | RuntimeException e) {
            if (e instanceof MalformedInputException m) {
                throw m;
            }
            throw new MalformedInputException("malformed OCSP response", e);
        }
    }
}
