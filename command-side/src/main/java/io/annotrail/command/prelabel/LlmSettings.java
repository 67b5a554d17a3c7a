package io.annotrail.command.prelabel;

import java.net.URI;
import java.time.Duration;

/**
 * How pre-labelling talks to the model endpoint. baseUrl null means no endpoint is configured: pre-labelling is then
 * refused (LLM_NOT_CONFIGURED) and nothing else changes. For Azure OpenAI, baseUrl is the resource endpoint
 * ({@code https://<resource>.openai.azure.com}), the model is the deployment name and azureApiVersion the
 * {@code api-version} to call. temperature null leaves it to the model (some reasoning models refuse any value).
 */
public record LlmSettings(Provider provider, URI baseUrl, String apiKey, String model, String azureApiVersion,
                          int concurrency, int requestsPerMinute, int maxRetries, Duration requestTimeout,
                          Double temperature, int maxCompletionTokens) {

    public enum Provider { OPENAI, AZURE }

    public static final int DEFAULT_CONCURRENCY = 2;
    public static final int DEFAULT_REQUESTS_PER_MINUTE = 60;
    public static final int DEFAULT_MAX_RETRIES = 4;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_COMPLETION_TOKENS = 4096;
    /** The longest wait between two attempts, whatever a Retry-After asks for: a job must move on eventually. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    public LlmSettings {
        provider = provider == null ? Provider.OPENAI : provider;
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        model = model == null || model.isBlank() ? null : model.strip();
        azureApiVersion = azureApiVersion == null || azureApiVersion.isBlank() ? null : azureApiVersion.strip();
        concurrency = concurrency <= 0 ? DEFAULT_CONCURRENCY : concurrency;
        requestsPerMinute = requestsPerMinute <= 0 ? DEFAULT_REQUESTS_PER_MINUTE : requestsPerMinute;
        maxRetries = maxRetries < 0 ? DEFAULT_MAX_RETRIES : maxRetries;
        requestTimeout = requestTimeout == null || requestTimeout.isZero() || requestTimeout.isNegative()
                ? DEFAULT_TIMEOUT : requestTimeout;
        maxCompletionTokens = maxCompletionTokens <= 0 ? DEFAULT_MAX_COMPLETION_TOKENS : maxCompletionTokens;
    }

    public static LlmSettings unconfigured() {
        return new LlmSettings(Provider.OPENAI, null, null, null, null, 0, 0, -1, null, 0.0, 0);
    }

    public boolean configured() {
        return baseUrl != null;
    }

    /**
     * How long a single task may take at most: every attempt running into the timeout, and the longest wait before
     * each retry. The pre-labelling saga's watchdog waits longer than this before it assumes the work was lost.
     */
    public Duration worstCaseTask() {
        return requestTimeout.multipliedBy(maxRetries + 1L).plus(MAX_BACKOFF.multipliedBy(maxRetries));
    }
}
