package io.annotrail.command.prelabel;

import com.openai.azure.AzureOpenAIServiceVersion;
import com.openai.azure.credential.AzureApiKeyCredential;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIRetryableException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link LlmClient} on {@code openai-java}: OpenAI, Azure OpenAI (API key, deployment = model, {@code api-version})
 * or any server that speaks the chat-completions wire format. The SDK's own retries are switched off: the
 * pre-labelling runner retries with its own bounds, jitter and rate limit, and must see every attempt.
 */
public class OpenAiLlmClient implements LlmClient, AutoCloseable {

    /** Structured output needs a schema name; one name for every project, the schema itself says the rest. */
    static final String SCHEMA_NAME = "annotation";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final OpenAIClient client;
    private final Clock clock;

    public OpenAiLlmClient(LlmSettings settings, Clock clock) {
        if (!settings.configured()) {
            throw new IllegalArgumentException("no LLM base URL is configured");
        }
        this.clock = clock;
        OpenAIOkHttpClient.Builder builder = OpenAIOkHttpClient.builder()
                .baseUrl(settings.baseUrl().toString())
                .maxRetries(0)
                .timeout(settings.requestTimeout());
        if (settings.provider() == LlmSettings.Provider.AZURE) {
            builder.credential(AzureApiKeyCredential.create(settings.apiKey() == null ? "" : settings.apiKey()));
            if (settings.azureApiVersion() != null) {
                builder.azureServiceVersion(AzureOpenAIServiceVersion.fromString(settings.azureApiVersion()));
            }
        } else {
            // A local compatible server may need no key; the SDK insists on one, which such servers ignore.
            builder.apiKey(settings.apiKey() == null ? "unused" : settings.apiKey());
        }
        this.client = builder.build();
    }

    @Override
    public Reply complete(Request request) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model(request.model())
                .addSystemMessage(request.system())
                .addUserMessage(request.user())
                .maxCompletionTokens(request.maxCompletionTokens())
                .responseFormat(ResponseFormatJsonSchema.builder()
                        .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                                .name(SCHEMA_NAME)
                                .strict(request.strict())
                                .schema(ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                                        .additionalProperties(toJsonValues(request))
                                        .build())
                                .build())
                        .build());
        if (request.temperature() != null) {
            params.temperature(request.temperature());
        }
        try {
            HttpResponseFor<ChatCompletion> response = client.chat().completions().withRawResponse()
                    .create(params.build());
            String headerId = requestId(response.headers());
            ChatCompletion completion = response.parse();
            String requestId = headerId != null ? headerId : completion.id();
            long promptTokens = completion.usage().map(u -> u.promptTokens()).orElse(0L);
            long completionTokens = completion.usage().map(u -> u.completionTokens()).orElse(0L);
            if (completion.choices().isEmpty()) {
                return new Reply(null, "the reply has no choices", requestId, promptTokens, completionTokens, null);
            }
            ChatCompletion.Choice choice = completion.choices().getFirst();
            return new Reply(choice.message().content().orElse(null), choice.message().refusal().orElse(null),
                    requestId, promptTokens, completionTokens, choice.finishReason().asString());
        } catch (OpenAIServiceException e) {
            int status = e.statusCode();
            boolean retryable = status == 408 || status == 409 || status == 429 || status >= 500;
            throw new CallFailed("the endpoint answered " + status, retryable, status, retryAfter(e.headers()),
                    requestId(e.headers()), e);
        } catch (OpenAIIoException | OpenAIRetryableException e) {
            throw new CallFailed("no answer from the endpoint: " + describe(e), true, 0, null, null, e);
        } catch (OpenAIException e) {
            throw new CallFailed("the endpoint's answer is unusable: " + describe(e), false, 0, null, null, e);
        }
    }

    private static Map<String, JsonValue> toJsonValues(Request request) {
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = JSON.treeToValue(request.schema(), LinkedHashMap.class);
        Map<String, JsonValue> values = new LinkedHashMap<>();
        plain.forEach((key, value) -> values.put(key, JsonValue.from(value)));
        return values;
    }

    private static String requestId(Headers headers) {
        for (String name : List.of("x-request-id", "apim-request-id")) {
            List<String> values = headers.values(name);
            if (!values.isEmpty() && !values.getFirst().isBlank()) {
                return values.getFirst();
            }
        }
        return null;
    }

    /**
     * Retry-After as seconds or as an HTTP date (RFC 9110), or OpenAI's retry-after-ms; null when absent or
     * unreadable (the caller then backs off on its own).
     */
    Duration retryAfter(Headers headers) {
        List<String> millis = headers.values("retry-after-ms");
        if (!millis.isEmpty()) {
            try {
                return Duration.ofMillis(Math.max(0, (long) Double.parseDouble(millis.getFirst().strip())));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        List<String> values = headers.values("retry-after");
        return values.isEmpty() ? null : parseRetryAfter(values.getFirst(), clock);
    }

    static Duration parseRetryAfter(String value, Clock clock) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(text) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(clock.instant(), at.toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @Override
    public void close() {
        client.close();
    }
}
