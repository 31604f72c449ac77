package org.medsign.hub.signing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import org.medsign.adapters.model.RequestStatus;
import org.medsign.adapters.model.SigningRequest;
import org.medsign.adapters.model.SignedArtifact;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.medsign.hub.evidence.SignatureRecordRepository;
import org.medsign.hub.evidence.HandwritingImages;
import org.medsign.hub.evidence.RevocationSnapshots;
import org.medsign.hub.seal.SealUsage;
import org.medsign.hub.seal.SealUses;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes made signatures with {@link GroupCommit}: per item, lock the request row, skip it if another delivery
 * finished it, insert the signature record, mark the request DONE and append the audit event; one commit per batch.
 */
@Component
public class SignatureRecorder {

    private record Item(long pk, SigningRequest request, ResolvedSigner signer, SignatureMaker.Made made,
                        HandwritingImages.Checked handwriting, byte[] sealedValue) {
    }

    private final SigningRequestRepository requests;
    private final AuditLog audit;
    private final RevocationSnapshots revocations;
    private final HandwritingImages handwritings;
    private final SigningTaskRepository tasks;
    private final GroupCommit<Item, Boolean> commits;
    private final SealUses sealUses;
    private final SignatureRecordRepository signatures;

    public SignatureRecorder(SigningRequestRepository requests, AuditLog audit, RevocationSnapshots revocations,
                             TransactionTemplate transactions, HandwritingImages handwritings,
                             SigningTaskRepository tasks, SealUses sealUses, SignatureRecordRepository signatures) {
        this.sealUses = sealUses;
        this.signatures = signatures;
        this.requests = requests;
        this.handwritings = handwritings;
        this.tasks = tasks;
        this.audit = audit;
        this.revocations = revocations;
        this.commits = GroupCommit.ofBatches("signature-recorder", transactions, 64, this::write);
    }

    /**
     * Records a made signature and waits until it is committed. Returns false when the request had already been
     * finished by another delivery (nothing written).
     */
    public boolean record(long pk, SigningRequest request, ResolvedSigner signer, SignatureMaker.Made made) {
        return record(pk, request, signer, made, null);
    }

    /**
     * As {@link #record(long, SigningRequest, ResolvedSigner, SignatureMaker.Made)}, keeping the signer's handwriting
     * (null: none) with the signature in the same transaction; the task's sealed copy is dropped.
     */
    public boolean record(long pk, SigningRequest request, ResolvedSigner signer, SignatureMaker.Made made,
                          HandwritingImages.Checked handwriting) {
        // the value is sealed here, on the signing thread: the writer thread only writes
        return commits.submit(new Item(pk, request, signer, made, handwriting,
                signatures.sealedValue(made.artifact())));
    }

    /**
     * One batch: every request row locked with one statement, then per item (an item whose request is DONE, by another
     * delivery or earlier in this batch, writes nothing and answers false).
     */
    private List<Boolean> write(List<Item> batch) {
        Map<Long, RequestStatus> statuses = requests.lockStatuses(batch.stream().map(Item::pk).toList());
        List<Boolean> written = new ArrayList<>(batch.size());
        Set<Long> doneHere = new HashSet<>();
        for (Item item : batch) {
            RequestStatus status = statuses.get(item.pk());
            if (status == null) {
                throw new java.util.NoSuchElementException("no request " + item.pk());
            }
            if (status == RequestStatus.DONE || !doneHere.add(item.pk())) {
                written.add(false);
                continue;
            }
            write(item);
            written.add(true);
        }
        return written;
    }

    private void write(Item item) {
        SignedArtifact artifact = item.made().artifact();
        SigningRequest request = item.request();
        requests.complete(item.pk(), artifact, item.sealedValue(), request, item.made().timestampToken());
        revocations.link(artifact.signatureId(), item.made().revocationSnapshot());
        if (item.handwriting() != null) {
            handwritings.store(artifact.signatureId(), item.handwriting());
            tasks.clearHandwritingOfRequest(item.pk());
        }
        if (item.signer().collaborative()) {
            tasks.clearCosignedOfRequest(item.pk());
        }
        SealUses.Chosen seal = item.made().seal();
        if (seal != null) {
            sealUses.record(new SealUsage(seal.seal().id(), artifact.signatureId(), request.systemId(),
                    request.requestId(), seal.requestedBy(), item.signer().staffId(),
                    item.signer().credential().serial(), request.scenario(), artifact.contentSm3(),
                    artifact.signedAt()));
        }
        audit.append(AuditEvent.success("system:" + request.systemId(), "SYSTEM", "SIGN", artifact.signatureId(),
                "request " + request.systemId() + "/" + request.requestId() + " staff " + item.signer().staffId()
                        + " cert " + item.signer().credential().serial() + " sm3 " + artifact.contentSm3()
                        + (item.handwriting() != null ? " handwriting-sm3 " + item.handwriting().sm3() : "")
                        // a PDF signature's CMS signs the new file's byte ranges: their SM3, for evidence packages
                        + (item.made().signedRangeSm3() != null ? " pdf-range-sm3 " + item.made().signedRangeSm3()
                        : "")));
    }

    @PreDestroy
    void stop() throws InterruptedException {
        commits.close();
    }
}
