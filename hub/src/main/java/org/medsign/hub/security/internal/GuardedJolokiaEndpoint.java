package org.medsign.hub.security.internal;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jolokia.server.core.http.AgentServlet;
import org.jolokia.support.spring.actuator.JolokiaEndpoint;
import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.security.ProblemResponses;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.web.EndpointServlet;

/**
 * The Jolokia actuator endpoint with the hub's {@link JolokiaAccessPolicy} as its restrictor (instead of a policy
 * file Jolokia would look up, or none at all: Jolokia allows everything without one), and a servlet that refuses
 * what a browser could be tricked into: JSONP ({@code callback}), and {@code exec}/{@code write}/{@code notification}
 * by GET (a link or an image), which only POST may carry.
 */
@SuppressWarnings("removal")
final class GuardedJolokiaEndpoint extends JolokiaEndpoint {

    private final Map<String, String> initParameters;
    private final ObjectProvider<JolokiaAccessPolicy> policy;

    GuardedJolokiaEndpoint(Map<String, String> initParameters, ObjectProvider<JolokiaAccessPolicy> policy) {
        super(initParameters);
        this.initParameters = initParameters;
        this.policy = policy;
    }

    @Override
    public EndpointServlet get() {
        return new EndpointServlet(new GuardedAgentServlet(policy.getObject())).withInitParameters(initParameters);
    }

    /** Jolokia's agent servlet behind the checks above. */
    static final class GuardedAgentServlet extends AgentServlet {

        private static final Set<String> READ_ONLY_GET = Set.of("", "read", "list", "search", "version");

        GuardedAgentServlet(JolokiaAccessPolicy policy) {
            super(policy);
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (refused(request, response)) {
                return;
            }
            if (!READ_ONLY_GET.contains(getType(request))) {
                ProblemResponses.write(response, ErrorCode.METHOD_NOT_ALLOWED, "Method Not Allowed",
                        "Jolokia exec, write and notification requests must be sent by POST");
                return;
            }
            super.doGet(request, response);
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (refused(request, response)) {
                return;
            }
            super.doPost(request, response);
        }

        private static boolean refused(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (request.getParameter("callback") != null) {
                ProblemResponses.write(response, ErrorCode.JSONP_REFUSED, "Bad Request",
                        "JSONP (callback) is not offered");
                return true;
            }
            return false;
        }

        /** The request type of a GET: the first segment of the path (or of the {@code p} parameter). */
        static String getType(HttpServletRequest request) {
            String path = request.getParameter("p");
            if (path == null) {
                path = request.getPathInfo();
            }
            if (path == null) {
                return "";
            }
            String trimmed = path.startsWith("/") ? path.substring(1) : path;
            int slash = trimmed.indexOf('/');
            return (slash < 0 ? trimmed : trimmed.substring(0, slash)).toLowerCase(Locale.ROOT);
        }
    }
}
