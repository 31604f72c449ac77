package org.medsign.hub.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * A wrong current password in a password change is a failed credential check like a failed login: published as
 * Spring Security's failure event, so that it counts toward the lock-out and is audited {@code LOGIN_FAILED} by the
 * same listener (without the password).
 */
public final class WrongPasswordEvents {

    private WrongPasswordEvents() {
    }

    /** Publishes the failure of {@code username} from {@code request} (console form or API). */
    public static void publish(ApplicationEventPublisher events, String username, HttpServletRequest request,
                               boolean console) {
        UsernamePasswordAuthenticationToken attempt = UsernamePasswordAuthenticationToken.unauthenticated(username, "");
        attempt.setDetails(console ? new ConsoleSecurityConfiguration.ConsoleLoginDetails(request)
                : new WebAuthenticationDetails(request));
        events.publishEvent(new AuthenticationFailureBadCredentialsEvent(attempt,
                new BadCredentialsException("wrong current password")));
    }
}
