package org.medsign.hub.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.seal.PermissionAction;
import org.medsign.hub.seal.PermissionException;
import org.medsign.hub.seal.PermissionRule;
import org.medsign.hub.seal.SigningPermissions;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The post-based permission matrix (岗位权限) for the security administrator: list, add, change and delete rules
 * (each change audited by {@link SigningPermissions}), and check what one staff member may do.
 */
@RestController
@RequestMapping(path = "/api/v1/ledger/permissions", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "permissions", description = "Post-based permissions: who may sign or apply which seal (岗位权限)")
public class PermissionsController {

    private final SigningPermissions permissions;

    public PermissionsController(SigningPermissions permissions) {
        this.permissions = permissions;
    }

    @Operation(summary = "Every permission rule, by id")
    @GetMapping
    public List<Map<String, Object>> all() {
        return permissions.all().stream().map(PermissionsController::view).toList();
    }

    @Operation(summary = "One permission rule")
    @GetMapping("/{id}")
    public Map<String, Object> one(@PathVariable String id) {
        return view(permissions.find(id(id)));
    }

    @Operation(summary = "Add a rule: who (post, minPost, department) × documents (scenario, documentType) × system "
            + "× action (SIGN, PERSONAL, DEPARTMENT, HOSPITAL, SPECIAL with specialType)")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> create(@RequestBody SigningPermissions.RuleRequest body,
                                                      Authentication user) {
        return ResponseEntity.status(HttpStatus.CREATED).body(view(permissions.create(body, user.getName())));
    }

    @Operation(summary = "Replace a rule")
    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> change(@PathVariable String id, @RequestBody SigningPermissions.RuleRequest body,
                                      Authentication user) {
        return view(permissions.change(id(id), body, user.getName()));
    }

    @Operation(summary = "Delete a rule (answers what it said)")
    @DeleteMapping("/{id}")
    public Map<String, Object> delete(@PathVariable String id, Authentication user) {
        return view(permissions.delete(id(id), user.getName()));
    }

    @Operation(summary = "Whether a staff member may do an action to a document through a system, and why")
    @GetMapping("/check")
    public Map<String, Object> check(@RequestParam(required = false) String staffId,
                                     @RequestParam(required = false) String system,
                                     @RequestParam(required = false) String scenario,
                                     @RequestParam(required = false) String documentType,
                                     @RequestParam(defaultValue = "SIGN") String action,
                                     @RequestParam(required = false) String specialType) {
        if (staffId == null || staffId.isBlank() || system == null || system.isBlank()) {
            throw ApiException.badRequest(ErrorCode.PARAMETER_MISSING, "staffId and system are required");
        }
        PermissionAction.Kind kind = PermissionAction.Kind.parse(action).orElseThrow(() -> ApiException.badRequest(
                ErrorCode.INVALID_REQUEST, "action must be one of SIGN, PERSONAL, DEPARTMENT, HOSPITAL, SPECIAL"));
        permissions.requireStaff(staffId.trim());
        SigningPermissions.Decision decision = permissions.decide(system.trim(), scenario, documentType,
                staffId.trim(), new PermissionAction(kind, specialType));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("allowed", decision.allowed());
        view.put("reason", decision.reason());
        view.put("post", decision.post());
        view.put("department", decision.department());
        view.put("rules", decision.scope().stream().map(PermissionRule::id).toList());
        return view;
    }

    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new PermissionException.RuleUnknown(id);
        }
    }

    static Map<String, Object> view(PermissionRule rule) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", rule.id());
        view.put("post", rule.post());
        view.put("minPost", rule.minPost());
        view.put("department", rule.department());
        view.put("system", rule.systemId());
        view.put("scenario", rule.scenario());
        view.put("documentType", rule.documentType());
        view.put("action", rule.action().name());
        view.put("specialType", rule.specialType());
        view.put("note", rule.note());
        view.put("who", rule.who());
        view.put("updatedBy", rule.updatedBy());
        view.put("updatedAt", rule.updatedAt().toString());
        return view;
    }
}
