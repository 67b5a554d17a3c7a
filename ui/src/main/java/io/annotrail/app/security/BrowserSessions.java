package io.annotrail.app.security;

import io.annotrail.app.identity.AppUser;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** The current browser session's hold on its account. */
public final class BrowserSessions {

    private BrowserSessions() {
    }

    /**
     * Keeps the current browser session (if the request has one) signed in as the account is now: after the user
     * changed their own password in it, it is the one session that goes on while the others end.
     */
    public static void keepCurrent(AppUser user) {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
            return;
        }
        HttpSession session = attributes.getRequest().getSession(false);
        if (session == null
                || !(SecurityContextHolder.getContext().getAuthentication() instanceof AppUserAuthentication current)) {
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new AppUserAuthentication(user, current.oidcIdToken().orElse(null)));
        SecurityContextHolder.setContext(context);
        session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
    }
}
