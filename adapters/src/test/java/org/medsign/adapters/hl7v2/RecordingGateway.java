package org.medsign.adapters.hl7v2;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.adapters.model.PeerRefusal;
import org.medsign.adapters.model.Rejection;
import org.medsign.adapters.model.ReplyContext;
import org.medsign.adapters.model.RequestOutcome;
import org.medsign.adapters.model.RequestStatus;
import org.medsign.adapters.model.SigningGateway;
import org.medsign.adapters.model.SigningRefusedException;
import org.medsign.adapters.model.SigningRequest;

/**
 * A stand-in for the hub behind the adapters (tests of the adapters module have no hub): accepts every request,
 * except that a signer listed in {@link #refuse} is refused with that code and a message that quotes the signer, as
 * the hub's own messages do. Records what it accepted, rejections and refused peers.
 */
public final class RecordingGateway implements SigningGateway {

    public final List<SigningRequest> accepted = new CopyOnWriteArrayList<>();
    public final List<Rejection> rejections = new CopyOnWriteArrayList<>();
    public final List<PeerRefusal> refusedPeers = new CopyOnWriteArrayList<>();
    public final Map<String, ErrorCode> refuse = new ConcurrentHashMap<>();

    @Override
    public RequestStatus accept(SigningRequest request) {
        ErrorCode code = refuse.get(request.signer());
        if (code != null) {
            throw new SigningRefusedException(code, "signer '" + request.signer() + "' / request '"
                    + request.requestId() + "' refused");
        }
        accepted.add(request);
        return RequestStatus.RECEIVED;
    }

    @Override
    public RequestStatus accept(SigningRequest request, ReplyContext reply) {
        return accept(request);
    }

    @Override
    public RequestOutcome acceptAndWait(SigningRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<String> authenticate(String apiKey, String clientAddress) {
        return Optional.empty();
    }

    @Override
    public void rejected(Rejection rejection) {
        rejections.add(rejection);
    }

    @Override
    public void peerRefused(PeerRefusal refusal) {
        refusedPeers.add(refusal);
    }
}
