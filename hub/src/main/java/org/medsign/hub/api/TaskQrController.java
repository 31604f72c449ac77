package org.medsign.hub.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.mobile.QrCodes;
import org.medsign.hub.security.SystemPrincipal;
import org.medsign.hub.signing.SigningTaskRepository;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Scan-to-sign (扫码签名): a system shows the QR code of one of its pending tasks (e.g. next to the document on the
 * ward PC); the clinician scans it and the app opens that task ({@code <base>/m/?task=<id>}), where the PIN confirms
 * it as usual. Only the system's own tasks: another system's or an unknown id is 404 {@code TASK_UNKNOWN}.
 */
@RestController
@Tag(name = "qr", description = "QR codes: scan-to-sign, scan-to-login (issue #13)")
public class TaskQrController {

    private final SigningTaskRepository tasks;
    private final QrImages images;

    public TaskQrController(SigningTaskRepository tasks, QrImages images) {
        this.tasks = tasks;
        this.images = images;
    }

    @Operation(summary = "PNG QR code that opens this task in the clinician's app; 404 TASK_UNKNOWN")
    @GetMapping("/api/v1/tasks/{id}/qr")
    public ResponseEntity<byte[]> taskQr(@AuthenticationPrincipal SystemPrincipal system, @PathVariable long id) {
        String systemId = QrImages.requireSystem(system);
        tasks.find(id).filter(task -> task.systemId().equals(systemId))
                .orElseThrow(() -> ApiException.notFound(ErrorCode.TASK_UNKNOWN, "no task " + id + " of system "
                        + systemId));
        return QrImages.png(QrCodes.taskLink(images.base(), id));
    }
}
