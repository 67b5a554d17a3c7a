package io.annotrail.app.asset;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AssetLinkHostsTest {

    @Test
    void loopbackHostsAreAlwaysAllowed() {
        assertThat(AssetConfig.hostAllowed("localhost", 8080, List.of())).isTrue();
        assertThat(AssetConfig.hostAllowed("127.0.0.1", 8080, List.of())).isTrue();
        assertThat(AssetConfig.hostAllowed("127.1.2.3", 8080, List.of())).isTrue();
        assertThat(AssetConfig.hostAllowed("[::1]", 8080, List.of())).isTrue();
    }

    @Test
    void otherHostsOnlyWhenConfiguredByNameOrByNameAndPort() {
        List<String> allowed = new AssetProperties(0, null, null, null, null,
                List.of(" Labels.Example.org ", "intranet:8443")).allowedHosts();
        assertThat(AssetConfig.hostAllowed("labels.example.org", 443, allowed)).isTrue();
        assertThat(AssetConfig.hostAllowed("intranet", 8443, allowed)).isTrue();
        assertThat(AssetConfig.hostAllowed("intranet", 80, allowed)).isFalse();
        assertThat(AssetConfig.hostAllowed("evil.example", 80, allowed)).isFalse();
        assertThat(AssetConfig.hostAllowed("127.0.0.1.evil.example", 80, allowed)).isFalse();
        assertThat(AssetConfig.hostAllowed("", 80, allowed)).isFalse();
    }
}
