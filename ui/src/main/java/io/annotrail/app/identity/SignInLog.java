package io.annotrail.app.identity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Failed and refused password checks in the log, until the audit log's system chain records them as events. */
@Component
class SignInLog {

    private static final Logger log = LoggerFactory.getLogger(SignInLog.class);

    @EventListener
    void on(SignInEvent e) {
        switch (e.outcome()) {
            case FAILED -> log.warn("Failed sign-in ({}) for '{}' from {}", e.channel(), printable(e.username()), e.address());
            case THROTTLED -> log.warn("Refused sign-in ({}) for '{}' from {}: throttled for {} more ms", e.channel(),
                    printable(e.username()), e.address(), e.retryAfter() == null ? 0 : e.retryAfter().toMillis());
            case SUCCEEDED -> log.debug("Sign-in ({}) of {} from {}", e.channel(), e.userId(), e.address());
        }
    }

    /** A username as typed is attacker-chosen: no control characters (forged log lines), bounded length. */
    static String printable(String username) {
        if (username == null) {
            return "";
        }
        String cleaned = username.replaceAll("\\p{Cntrl}", "?");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) + "…" : cleaned;
    }
}
