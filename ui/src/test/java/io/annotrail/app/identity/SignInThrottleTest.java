package io.annotrail.app.identity;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SignInThrottleTest {

    private final SignInProperties defaults = new SignInProperties(0, null, null, null, null);

    @Test
    void delaysBeginAfterTheFreeAttemptsAndDoubleUpToTheCap() {
        Duration cap = Duration.ofMinutes(5);
        assertThat(defaults.delayAfter(4, cap)).isZero();
        assertThat(defaults.delayAfter(5, cap)).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.delayAfter(6, cap)).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.delayAfter(7, cap)).isEqualTo(Duration.ofSeconds(4));
        assertThat(defaults.delayAfter(13, cap)).isEqualTo(Duration.ofSeconds(256));
        assertThat(defaults.delayAfter(14, cap)).isEqualTo(cap);
        assertThat(defaults.delayAfter(10_000, cap)).isEqualTo(cap);
    }

    @Test
    void anIpv6ClientIsKeyedByItsSlash64() {
        assertThat(SignInThrottle.addressKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd"))
                .isEqualTo(SignInThrottle.addressKey("2001:db8:1:2::1"))
                .isEqualTo("2001:0db8:0001:0002::/64");
        assertThat(SignInThrottle.addressKey("2001:db8:1:3::1")).isNotEqualTo(SignInThrottle.addressKey("2001:db8:1:2::1"));
    }

    @Test
    void anIpv4ClientIsKeyedByItsAddress() {
        assertThat(SignInThrottle.addressKey("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(SignInThrottle.addressKey("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
    }

    @Test
    void accountsAreKeyedCaseInsensitivelyWhetherOrNotTheyExist() {
        assertThat(SignInThrottle.accountKey("Ada")).isEqualTo(SignInThrottle.accountKey("ada"));
        assertThat(SignInThrottle.accountKey("x".repeat(500))).hasSize(200);
        assertThat(SignInThrottle.accountKey(null)).isEmpty();
    }

    @Test
    void aRefusalAsksForWholeSecondsRoundedUp() {
        assertThat(new SignInThrottledException(Duration.ofMillis(1)).retryAfterSeconds()).isEqualTo(1);
        assertThat(new SignInThrottledException(Duration.ofMillis(2001)).retryAfterSeconds()).isEqualTo(3);
    }
}
