package io.annotrail.app.bench;

import io.annotrail.app.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

class BenchEndpointsOffIT extends IntegrationTest {

    @Autowired
    ApplicationContext context;

    @Test
    void theBenchBaselineEndpointsDoNotExistByDefault() {
        assertThat(context.getBeansOfType(BenchBaselineController.class)).isEmpty();
    }
}
