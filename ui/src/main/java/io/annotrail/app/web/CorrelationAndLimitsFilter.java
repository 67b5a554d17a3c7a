package io.annotrail.app.web;

import io.annotrail.app.asset.AssetProperties;
import io.annotrail.app.infra.AnnotrailProperties;
import io.annotrail.domain.common.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request a correlation id (taken from {@code X-Correlation-Id} when it is well formed) that travels
 * into every command and event, and caps request bodies: by Content-Length at once, and by counting bytes for
 * bodies without one. Task imports get a larger cap than everything else. Being outermost, it also answers the
 * database outages that filters run into with the same 503 problem as the controllers.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CorrelationAndLimitsFilter extends OncePerRequestFilter {

    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    private static final String ATTRIBUTE = CorrelationAndLimitsFilter.class.getName() + ".correlationId";
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Pattern IMPORT_PATH = Pattern.compile("/(api/v1|ui)/batches/[^/]+/tasks");
    private static final Pattern ASSET_UPLOAD_PATH = Pattern.compile("/api/v1/projects/[^/]+/assets");

    private final AnnotrailProperties properties;
    private final JsonMapper mapper;
    private final AssetProperties assets;
    private final ApiExceptionHandler errors;

    CorrelationAndLimitsFilter(AnnotrailProperties properties, JsonMapper mapper, AssetProperties assets,
                               ApiExceptionHandler errors) {
        this.properties = properties;
        this.mapper = mapper;
        this.assets = assets;
        this.errors = errors;
    }

    public static String correlationId(HttpServletRequest request) {
        Object id = request.getAttribute(ATTRIBUTE);
        return id == null ? UUID.randomUUID().toString() : id.toString();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String incoming = request.getHeader(CORRELATION_HEADER);
        String correlationId = incoming != null && SAFE_ID.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
        request.setAttribute(ATTRIBUTE, correlationId);
        response.setHeader(CORRELATION_HEADER, correlationId);
        MDC.put("correlationId", correlationId);
        try {
            long limit = IMPORT_PATH.matcher(request.getRequestURI()).matches() ? properties.limits().maxImportBytes()
                    : ASSET_UPLOAD_PATH.matcher(request.getRequestURI()).matches() ? assets.maxUploadRequestBytes()
                    : properties.limits().maxBodyBytes();
            long declared = request.getContentLengthLong();
            if (declared > limit) {
                Problems.write(response, mapper, Problems.of(ErrorCode.PAYLOAD_TOO_LARGE,
                        "request body of " + declared + " bytes exceeds the limit of " + limit + " bytes"));
                return;
            }
            try {
                chain.doFilter(new LimitedRequest(request, limit), response);
            } catch (RuntimeException | ServletException e) {
                // A filter found the database gone (the bearer-token lookup, before MVC). Answered here, the outage
                // costs one warning per request instead of the container's stack trace at ERROR level for each.
                if (!ConnectionFailures.isCause(e) || response.isCommitted()) {
                    throw e;
                }
                response.resetBuffer();
                Problems.write(response, mapper, errors.problemFor(e));
            }
        } finally {
            MDC.remove("correlationId");
        }
    }

    /** Thrown when a body without (or with a lying) Content-Length grows past the limit. */
    public static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(long limit) {
            super("request body exceeds the limit of " + limit + " bytes");
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long count;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0) {
                            count(1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buf, int off, int len) throws IOException {
                        int n = in.read(buf, off, len);
                        if (n > 0) {
                            count(n);
                        }
                        return n;
                    }

                    private void count(int n) throws IOException {
                        count += n;
                        if (count > limit) {
                            throw new BodyTooLargeException(limit);
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
