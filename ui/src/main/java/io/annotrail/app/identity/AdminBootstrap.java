package io.annotrail.app.identity;

import io.annotrail.app.infra.AnnotrailProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Creates the first administrator, {@code admin}, when no such account exists. Its password comes from
 * ANNOTRAIL_ADMIN_PASSWORD; without it a random one is generated and printed once. There is no default password.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final UserAccounts accounts;
    private final AnnotrailProperties properties;

    AdminBootstrap(UserAccounts accounts, AnnotrailProperties properties) {
        this.accounts = accounts;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (accounts.findByUsername("admin").isPresent()) {
            return;
        }
        String configured = properties.adminPassword();
        boolean generated = configured == null || configured.isBlank();
        String password = generated ? randomPassword() : configured;
        try {
            accounts.create("admin", password, "Administrator", true);
        } catch (io.annotrail.domain.common.DomainException e) {
            // Fail the start with a message an operator can act on, not a stack trace about a request.
            throw new IllegalStateException("ANNOTRAIL_ADMIN_PASSWORD is not acceptable: it must be "
                    + UserAccounts.MIN_PASSWORD_LENGTH + " to " + UserAccounts.MAX_PASSWORD_LENGTH + " characters", e);
        }
        if (generated) {
            // Printed once, on purpose to standard output: it is the only way to learn it.
            System.out.println("""

                    ==================================================================
                     Annotrail created the administrator account.
                       username: admin
                       password: %s
                     It is shown only this once. Set ANNOTRAIL_ADMIN_PASSWORD to choose it.
                    ==================================================================
                    """.formatted(password));
        } else {
            log.info("Created the administrator account 'admin' with the password from ANNOTRAIL_ADMIN_PASSWORD");
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
