package org.medsign.hub.console;

import org.medsign.hub.ops.alerts.Alerts;
import org.medsign.hub.ops.alerts.Incidents;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The system administrator's alerts page: alert rules FIRING or last RESOLVED, and the open incidents. */
@Controller
public class ConsoleAlertsController {

    private final Alerts alerts;
    private final Incidents incidents;

    public ConsoleAlertsController(Alerts alerts, Incidents incidents) {
        this.alerts = alerts;
        this.incidents = incidents;
    }

    @GetMapping("/console/systems/alerts")
    String alerts(Model model) {
        model.addAttribute("alerts", alerts.list());
        model.addAttribute("incidents", incidents.list(true, ConsoleSystemsController.LIMIT));
        model.addAttribute("active", "alerts");
        return "console/alerts";
    }
}
