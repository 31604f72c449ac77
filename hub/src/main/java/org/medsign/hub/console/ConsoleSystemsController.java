package org.medsign.hub.console;

import org.medsign.hub.integration.InboundRejections;
import org.medsign.hub.integration.SystemStatistics;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Per-system statistics and the messages the adapters rejected, for the system administrator. */
@Controller
public class ConsoleSystemsController {

    /** Rejections listed, newest first. */
    static final int LIMIT = 200;

    private final SystemStatistics statistics;
    private final InboundRejections rejections;

    public ConsoleSystemsController(SystemStatistics statistics, InboundRejections rejections) {
        this.statistics = statistics;
        this.rejections = rejections;
    }

    @GetMapping("/console/systems")
    String systems(Model model) {
        model.addAttribute("statistics", statistics.compute(null));
        model.addAttribute("active", "systems");
        return "console/systems";
    }

    @GetMapping("/console/systems/rejections")
    String rejections(@RequestParam(required = false) String system, @RequestParam(required = false) String reference,
                      Model model) {
        model.addAttribute("rejections", rejections.find(system, reference, LIMIT));
        model.addAttribute("system", system == null ? "" : system);
        model.addAttribute("reference", reference == null ? "" : reference);
        model.addAttribute("active", "rejections");
        return "console/rejections";
    }
}
