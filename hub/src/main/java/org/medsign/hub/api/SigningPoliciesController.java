package org.medsign.hub.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.HubException;
import org.medsign.hub.lifecycle.ledger.SigningPolicies;
import org.medsign.hub.lifecycle.ledger.SigningPolicy;
import org.medsign.hub.lifecycle.ledger.SigningPolicyRepository;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signing policies (签名策略) per system and scenario, and the signer kind (person or organisation), for the security
 * administrator. The blanket authorizations of earlier versions are retired: their endpoint answers
 * {@code AUTHORIZATION_RETIRED}.
 */
@RestController
@RequestMapping(path = "/api/v1/ledger", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "ledger", description = "Certificates, staff and signing policies")
public class SigningPoliciesController {

    /**
     * A policy to set: {@code confirm}, {@code window} or {@code auto}, for a scenario or (none) the default; and
     * whether the signer's handwriting is required (default false; not with auto).
     */
    public record PolicyChange(String policy, String scenario, Boolean handwriting) {
    }

    /** A signer kind to set: {@code person} or {@code organisation}. */
    public record KindChange(String kind) {
    }

    private final SigningPolicies policies;

    public SigningPoliciesController(SigningPolicies policies) {
        this.policies = policies;
    }

    @Operation(summary = "Retired: administrators no longer authorize systems to sign for clinicians")
    @PostMapping(path = "/authorizations")
    public void grant() {
        throw new HubException(ErrorCode.AUTHORIZATION_RETIRED, "blanket authorizations for personal certificates "
                + "are retired: set the system's signing policy (PUT /api/v1/ledger/systems/{id}/signing-policy); "
                + "signers open their own signing windows in the app");
    }

    @Operation(summary = "Every stored signing policy (systems without one are under confirm)")
    @GetMapping("/signing-policies")
    public List<Map<String, Object>> all() {
        return policies.all().stream().map(SigningPoliciesController::row).toList();
    }

    @Operation(summary = "A system's signing policy: its default and its scenarios' own policies")
    @GetMapping("/systems/{systemId}/signing-policy")
    public Map<String, Object> ofSystem(@PathVariable String systemId) {
        return view(systemId);
    }

    @Operation(summary = "Set a system's default policy, or a scenario's own (body: policy, scenario, handwriting)")
    @PutMapping(path = "/systems/{systemId}/signing-policy", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> set(@PathVariable String systemId, @RequestBody PolicyChange body,
                                   Authentication user) {
        policies.set(systemId, body.scenario(), body.policy(), body.handwriting(), user.getName());
        return view(systemId);
    }

    @Operation(summary = "Remove a scenario's own policy: it follows the system's default again")
    @DeleteMapping("/systems/{systemId}/signing-policy/{scenario}")
    public Map<String, Object> remove(@PathVariable String systemId, @PathVariable String scenario,
                                      Authentication user) {
        if (SigningPolicies.DEFAULT_SCENARIO.equals(scenario.trim()) || !policies.remove(systemId, scenario,
                user.getName())) {
            throw ApiException.notFound(ErrorCode.SIGNING_POLICY_UNKNOWN,
                    "no own policy for scenario '" + scenario + "' of " + systemId);
        }
        return view(systemId);
    }

    @Operation(summary = "Set whether a signer is a person or an organisation (only organisations sign under auto)")
    @PutMapping(path = "/staff/{staffId}/signer-kind", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> kind(@PathVariable String staffId, @RequestBody KindChange body, Authentication user) {
        boolean organisation = policies.setSignerKind(staffId, body.kind(), user.getName());
        return Map.of("staffId", staffId, "kind", organisation ? "organisation" : "person");
    }

    private Map<String, Object> view(String systemId) {
        Map<String, Object> scenarios = new LinkedHashMap<>();
        List<String> handwriting = new ArrayList<>();
        String fallback = SigningPolicy.CONFIRM.label();
        for (SigningPolicyRepository.Row row : policies.ofSystem(systemId)) {
            if (row.scenario().equals(SigningPolicies.DEFAULT_SCENARIO)) {
                fallback = row.policy().label();
            } else {
                scenarios.put(row.scenario(), row.policy().label());
            }
            if (row.handwriting()) {
                handwriting.add(row.scenario());
            }
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("system", systemId);
        view.put("policy", fallback);
        view.put("scenarios", scenarios);
        view.put("handwriting", handwriting);
        return view;
    }

    private static Map<String, Object> row(SigningPolicyRepository.Row row) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("system", row.systemId());
        map.put("scenario", row.scenario());
        map.put("policy", row.policy().label());
        map.put("handwriting", row.handwriting());
        map.put("updatedBy", row.updatedBy());
        map.put("updatedAt", row.updatedAt());
        return map;
    }
}
