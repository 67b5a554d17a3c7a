package io.annotrail.app.prelabel;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The model endpoint for pre-labelling (all optional: without a base URL pre-labelling answers 409
 * LLM_NOT_CONFIGURED and nothing else changes).
 *
 * @param provider            {@code openai} (OpenAI or any compatible server) or {@code azure} (Azure OpenAI)
 * @param baseUrl             e.g. {@code https://api.openai.com/v1}, {@code http://localhost:8000/v1}, or the Azure
 *                            resource endpoint {@code https://<resource>.openai.azure.com}
 * @param apiKey              the key (never logged, never stored in events)
 * @param model               default model; for Azure the deployment name
 * @param azureApiVersion     Azure's {@code api-version}
 * @param concurrency         calls in flight at most
 * @param requestsPerMinute   pace of calls over all jobs
 * @param maxRetries          retries after the first attempt on 429 / 5xx / timeouts
 * @param requestTimeout      one call's time limit
 * @param temperature         sampling temperature; blank = the model's default
 * @param maxCompletionTokens longest reply
 * @param promptsDir          folder of the prompt templates; templates not found there come from the jar
 */
@ConfigurationProperties("annotrail.llm")
public record LlmProperties(String provider, String baseUrl, String apiKey, String model, String azureApiVersion,
                            int concurrency, int requestsPerMinute, int maxRetries, Duration requestTimeout,
                            Double temperature, int maxCompletionTokens, Path promptsDir) {
}
