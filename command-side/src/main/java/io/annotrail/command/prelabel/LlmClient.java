package io.annotrail.command.prelabel;

import tools.jackson.databind.JsonNode;

import java.time.Duration;

/**
 * One chat completion with structured output, no retries (the caller retries with its own bounds and rate). Port
 * to the model endpoint; the adapter is {@link OpenAiLlmClient}.
 */
public interface LlmClient {

    /** schema: the project's response schema; strict asks the endpoint to enforce it exactly. */
    record Request(String model, String system, String user, JsonNode schema, boolean strict, Double temperature,
                   int maxCompletionTokens) {
    }

    /** content is null when the model refused or produced no text (then refusal may say why). */
    record Reply(String content, String refusal, String requestId, long promptTokens, long completionTokens,
                 String finishReason) {
    }

    /**
     * A call that failed. retryable: a 408, 409, 429 or 5xx answer, a timeout or a connection failure. retryAfter is
     * what the endpoint asked for (Retry-After / retry-after-ms), or null.
     */
    final class CallFailed extends RuntimeException {
        private final boolean retryable;
        private final int status;
        private final Duration retryAfter;
        private final String requestId;

        public CallFailed(String message, boolean retryable, int status, Duration retryAfter, String requestId,
                          Throwable cause) {
            super(message, cause);
            this.retryable = retryable;
            this.status = status;
            this.retryAfter = retryAfter;
            this.requestId = requestId;
        }

        public boolean retryable() {
            return retryable;
        }

        /** HTTP status, 0 when there was no answer. */
        public int status() {
            return status;
        }

        public Duration retryAfter() {
            return retryAfter;
        }

        public String requestId() {
            return requestId;
        }
    }

    Reply complete(Request request);
}
