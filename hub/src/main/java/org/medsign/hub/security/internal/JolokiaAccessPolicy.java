package org.medsign.hub.security.internal;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * What hawtio and Jolokia ({@code /actuator/jolokia}) may do, deny by default for anything that changes state:
 * <ul>
 * <li>{@code read}, {@code list}, {@code search}, {@code version}: allowed, except attributes that carry secrets or
 * data: any attribute whose name says password, secret, credential, token, key material or passphrase; the JVM's
 * {@code SystemProperties} and {@code InputArguments} (the command line, {@code -D} settings); Artemis'
 * {@code FirstMessageAsJSON} (message content).</li>
 * <li>{@code exec}: only the operations in {@link #OPERATIONS} — Camel route start/stop/suspend/resume and statistics
 * dumps, and hawtio's read-only registry calls. Never send/request (producer templates), endpoint creation
 * ({@code bean:}, {@code file:}, {@code language:}, …), route updates or dumps that resolve property placeholders,
 * diagnostic commands, heap dumps or flight recordings, broker message browsing.</li>
 * <li>{@code write}: nothing. {@code notification}: not offered.</li>
 * </ul>
 * Every {@code exec} and {@code write} is audited ({@code JOLOKIA_EXEC} / {@code JOLOKIA_WRITE}, target the MBean,
 * detail the operation or attribute name, never argument values), refused ones as failures. The audit row of an
 * allowed operation is written when Jolokia asks, just before the operation runs. Cross-origin access is never
 * granted: Jolokia sends no CORS headers ({@link #isOriginAllowed} is false for them); same-origin checks happen
 * before Jolokia, in the hub's security chain.
 */
public class JolokiaAccessPolicy implements Restrictor {

    /** An MBean name pattern and the operation names allowed on MBeans it matches (any signature). */
    record Operations(ObjectName mbeans, Set<String> names) {
        static Operations of(String pattern, String... names) {
            try {
                return new Operations(new ObjectName(pattern), Set.of(names));
            } catch (MalformedObjectNameException e) {
                throw new IllegalArgumentException(pattern, e);
            }
        }
    }

    /** The only operations that may be executed. */
    static final List<Operations> OPERATIONS = List.of(
            Operations.of("org.apache.camel:type=routes,*", "start", "stop", "suspend", "resume",
                    "dumpRouteStatsAsXml", "dumpRouteStatsAsJSon", "dumpStepStatsAsXml", "dumpStatsAsXml",
                    "dumpStatsAsJSon"),
            Operations.of("org.apache.camel:type=context,*", "dumpRoutesStatsAsXml", "dumpRouteStatsAsJSon",
                    "dumpStepStatsAsXml", "dumpStatsAsXml", "dumpStatsAsJSon"),
            Operations.of("org.apache.camel:type=processors,*", "dumpProcessorStatsAsXml", "dumpStatsAsXml",
                    "dumpStatsAsJSon"),
            // hawtio's own tree and permission queries (read-only)
            Operations.of("hawtio:type=security,name=RBACRegistry", "list"),
            Operations.of("hawtio:type=security,area=jmx,*", "canInvoke"));

    private static final Pattern SECRET_ATTRIBUTE = Pattern.compile(
            "(?i).*(passw|secret|credential|token|apikey|api_key|privatekey|private_key|passphrase).*");
    private static final ObjectName RUNTIME = name("java.lang:type=Runtime");
    private static final Set<String> RUNTIME_HIDDEN = Set.of("SystemProperties", "InputArguments");
    private static final String ARTEMIS = "org.apache.activemq.artemis";

    private final AuditLog audit;

    public JolokiaAccessPolicy(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.POST;
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        // exec and write are decided per MBean below, so that each is audited with its target
        return type != RequestType.NOTIFICATION;
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        if (attribute == null) {
            return true;
        }
        if (SECRET_ATTRIBUTE.matcher(attribute).matches()) {
            return false;
        }
        if (RUNTIME.equals(name) && RUNTIME_HIDDEN.contains(attribute)) {
            return false;
        }
        return !(ARTEMIS.equals(name.getDomain()) && attribute.startsWith("FirstMessageAsJSON"));
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        record("JOLOKIA_WRITE", name, "attribute " + attribute, false);
        return false;
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        boolean allowed = allows(name, operation);
        record("JOLOKIA_EXEC", name, "operation " + operationName(operation), allowed);
        return allowed;
    }

    /** Whether {@code operation} (a name, optionally with a signature) may run on {@code name}. */
    static boolean allows(ObjectName name, String operation) {
        if (name == null || name.isPattern() || operation == null) {
            return false;
        }
        String op = operationName(operation);
        return OPERATIONS.stream().anyMatch(rule -> rule.mbeans().apply(name) && rule.names().contains(op));
    }

    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        // who may reach the endpoint is decided by the HTTP connectors and the security chain
        return true;
    }

    @Override
    public boolean isOriginAllowed(String origin, boolean onlyWhenStrictCheckingIsEnabled) {
        // false for CORS headers (no cross-origin reads ever); the strict check is done before Jolokia
        return onlyWhenStrictCheckingIsEnabled;
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return false;
    }

    private void record(String action, ObjectName name, String what, boolean allowed) {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        String actor = user == null ? "anonymous" : user.getName();
        String role = user == null ? "-" : user.getAuthorities().stream().map(a -> a.getAuthority())
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5)).findFirst().orElse("-");
        String target = name == null ? "-" : clip(name.getCanonicalName(), 200);
        String detail = clip(what, 200) + (allowed ? "" : " (refused by policy)");
        audit.append(allowed ? AuditEvent.success(actor, role, action, target, detail)
                : AuditEvent.failure(actor, role, action, target, detail));
    }

    /** The operation's name without its signature ({@code stop(long)} → {@code stop}). */
    static String operationName(String operation) {
        int paren = operation == null ? -1 : operation.indexOf('(');
        return paren < 0 ? String.valueOf(operation).trim() : operation.substring(0, paren).trim();
    }

    private static String clip(String text, int max) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > max ? clean.substring(0, max) : clean;
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(name, e);
        }
    }
}
