package org.medsign.hub.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.medsign.hub.HubException;
import org.medsign.hub.mobile.ActivationCodeRepository;
import org.medsign.hub.mobile.AppActivations;
import org.medsign.hub.mobile.LostPhoneReports;
import org.medsign.hub.mobile.LostPhones;
import org.medsign.hub.mobile.SigningWindowOversight;
import org.medsign.hub.signing.SigningTaskRepository;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * 移动签名 for the security administrator (issue #13): one-time activation codes for the mobile app (shown once, with a
 * QR code), the clinicians' signing windows in force (and closing one with a reason), lost-phone reports (and
 * reporting one), and the pending tasks per system. The same services as the API ({@link AppActivations},
 * {@link LostPhones}), so rules and audit are identical. An activation code is rendered only in the answer to the
 * POST that issued it, never put into the session, a redirect or a URL the hub receives.
 */
@Controller
public class ConsoleMobileController {

    /** Codes listed (one current code per staff member). */
    static final int CODES_LISTED = 100;
    /** Lost-phone reports listed. */
    static final int REPORTS_LISTED = 30;

    private static final String PAGE = "redirect:/console/mobile";

    /** A row of 各系统待签任务: the counts, and the oldest pending task's age (null: none pending). */
    public record SystemTasks(SigningTaskRepository.SystemCounts counts, Duration oldestPendingAge) {
        static SystemTasks of(SigningTaskRepository.SystemCounts counts, Instant now) {
            return new SystemTasks(counts, counts.oldestPending() == null ? null
                    : Duration.between(counts.oldestPending(), now).isNegative() ? Duration.ZERO
                    : Duration.between(counts.oldestPending(), now));
        }

        /** Whole hours of the age (for the label). */
        public long ageHours() {
            return oldestPendingAge == null ? 0 : oldestPendingAge.toHours();
        }

        /** Minutes past the whole hours. */
        public int ageMinutes() {
            return oldestPendingAge == null ? 0 : oldestPendingAge.toMinutesPart();
        }
    }

    private final AppActivations activations;
    private final ActivationCodeRepository codes;
    private final SigningWindowOversight windows;
    private final LostPhones lostPhones;
    private final LostPhoneReports reports;
    private final SigningTaskRepository tasks;

    public ConsoleMobileController(AppActivations activations, ActivationCodeRepository codes,
                                   SigningWindowOversight windows, LostPhones lostPhones, LostPhoneReports reports,
                                   SigningTaskRepository tasks) {
        this.activations = activations;
        this.codes = codes;
        this.windows = windows;
        this.lostPhones = lostPhones;
        this.reports = reports;
        this.tasks = tasks;
    }

    @GetMapping("/console/mobile")
    String page(Model model) {
        Instant now = Instant.now();
        model.addAttribute("now", now);
        model.addAttribute("codes", codes.recent(CODES_LISTED));
        model.addAttribute("windows", windows.inForce());
        model.addAttribute("reports", reports.recent(REPORTS_LISTED));
        model.addAttribute("taskCounts", tasks.countsBySystem().stream().map(c -> SystemTasks.of(c, now)).toList());
        model.addAttribute("active", "mobile");
        return "console/mobile";
    }

    @PostMapping("/console/mobile/activation")
    String issue(@RequestParam(defaultValue = "") String staffId, Authentication user, Model model,
                 RedirectAttributes redirect) {
        AppActivations.Issued issued;
        try {
            issued = activations.issue(staffId.strip(), user.getName());
        } catch (HubException e) {
            return failed(redirect, e);
        }
        String content = activationLink(issued);
        model.addAttribute("issued", issued);
        model.addAttribute("qr", QrCodePng.of(content));
        model.addAttribute("active", "mobile");
        return "console/mobile-activation";
    }

    @PostMapping("/console/mobile/windows/{id}/close")
    String closeWindow(@PathVariable long id, @RequestParam(required = false) String reason, Authentication user,
                       RedirectAttributes redirect) {
        try {
            windows.close(id, reason, user.getName());
        } catch (HubException e) {
            return failed(redirect, e);
        }
        redirect.addFlashAttribute("done", "mobileAdmin.done.windowClosed");
        redirect.addFlashAttribute("doneArgument", String.valueOf(id));
        return PAGE;
    }

    @PostMapping("/console/mobile/lost")
    String reportLost(@RequestParam(defaultValue = "") String staffId, Authentication user,
                      RedirectAttributes redirect) {
        LostPhones.Report report;
        try {
            report = lostPhones.report(staffId.strip(), user.getName(), "SECURITY_ADMIN");
        } catch (HubException e) {
            return failed(redirect, e);
        }
        redirect.addFlashAttribute("done", "mobileAdmin.done.lost");
        redirect.addFlashAttribute("doneArgument", report.staffId());
        return PAGE;
    }

    /**
     * What the QR code holds: the app's address with staff id and code in the fragment ({@code #activate=…&code=…}),
     * which a browser never sends to a server, so the code is in no access log. The app's address is the one the
     * administrator's browser reached the hub at.
     */
    static String activationLink(AppActivations.Issued issued) {
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
        return base + "/m/#activate=" + URLEncoder.encode(issued.staffId(), StandardCharsets.UTF_8)
                + "&code=" + issued.code();
    }

    private static String failed(RedirectAttributes redirect, HubException e) {
        redirect.addFlashAttribute("failed", e.code().name());
        return PAGE;
    }
}
