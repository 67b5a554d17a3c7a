package io.annotrail.app.prelabel;

import io.annotrail.command.prelabel.LlmClient;
import io.annotrail.command.prelabel.LlmSettings;
import io.annotrail.command.prelabel.OpenAiLlmClient;
import io.annotrail.command.prelabel.PromptTemplates;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/**
 * The pre-labelling beans. The model client exists only when a base URL is set; everything that uses it asks for it
 * optionally, so an app without an endpoint starts and works, and only pre-labelling says it is not configured.
 */
@Configuration(proxyBeanMethods = false)
class LlmConfig {

    @Bean
    LlmSettings llmSettings(LlmProperties properties) {
        String base = properties.baseUrl() == null ? "" : properties.baseUrl().strip();
        URI baseUrl = null;
        if (!base.isEmpty()) {
            baseUrl = URI.create(base);
            if (!"https".equals(baseUrl.getScheme()) && !"http".equals(baseUrl.getScheme())) {
                throw new IllegalStateException("ANNOTRAIL_LLM_BASE_URL must be an http(s) URL");
            }
        }
        return new LlmSettings(provider(properties.provider()), baseUrl, properties.apiKey(), properties.model(),
                properties.azureApiVersion(), properties.concurrency(), properties.requestsPerMinute(),
                properties.maxRetries(), properties.requestTimeout(), properties.temperature(),
                properties.maxCompletionTokens());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("!'${annotrail.llm.base-url:}'.isBlank()")
    OpenAiLlmClient llmClient(LlmSettings settings, Clock clock) {
        return new OpenAiLlmClient(settings, clock);
    }

    @Bean
    PromptTemplates promptTemplates(LlmProperties properties) {
        Path folder = properties.promptsDir() == null ? Path.of("prompts") : properties.promptsDir();
        return new PromptTemplates(folder);
    }

    private static LlmSettings.Provider provider(String name) {
        String value = name == null || name.isBlank() ? "openai" : name.strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "openai" -> LlmSettings.Provider.OPENAI;
            case "azure" -> LlmSettings.Provider.AZURE;
            default -> throw new IllegalStateException("ANNOTRAIL_LLM_PROVIDER must be openai or azure, not " + name);
        };
    }

    /** The problem an edge answers when pre-labelling is asked for without an endpoint. */
    static DomainException notConfigured() {
        return new DomainException(ErrorCode.LLM_NOT_CONFIGURED,
                "no LLM endpoint is configured (set ANNOTRAIL_LLM_BASE_URL)");
    }
}
