package io.annotrail.app.web;

import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat answers some requests itself, before the application sees them: a URI it will not decode or normalise
 * ({@code ..%2F}, an encoded slash, a bad %-escape, a path above the root). Its {@link ErrorReportValve} wrote an
 * HTML page for those. Here the host's error report valve is replaced by one that writes the same problem document
 * as the rest of the app (status, stable {@code code}), so no response of the server is HTML by accident. Requests
 * that did reach the application and failed are not reported here: the container's error dispatch already gave them
 * to {@link ProblemErrorController}, and a valve only reports when nothing was written.
 */
@Configuration(proxyBeanMethods = false)
class TomcatErrors {

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> problemErrorReportValve(JsonMapper mapper) {
        return new ValveCustomizer(mapper);
    }

    /** Runs after Boot's customizer, which adds a plain {@link ErrorReportValve} to the host that must go. */
    private record ValveCustomizer(JsonMapper mapper)
            implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

        @Override
        public void customize(ConfigurableTomcatWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                Host host = (Host) context.getParent();
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.getPipeline().addValve(new ProblemErrorReportValve(mapper));
                // The host adds a valve of this class when it starts unless one is there already.
                if (host instanceof StandardHost standard) {
                    standard.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    static final class ProblemErrorReportValve extends ErrorReportValve {

        private final JsonMapper mapper;

        ProblemErrorReportValve(JsonMapper mapper) {
            this.mapper = mapper;
            setShowReport(false);
            setShowServerInfo(false);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            // Same guards as Tomcat's own report: only errors, only once, only when nothing was written yet.
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            AtomicBoolean ioAllowed = new AtomicBoolean(false);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            ProblemDetail problem = Problems.fromContainer(status, response.getMessage());
            try {
                String body = mapper.writeValueAsString(problem);
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                Problems.addHeaders(response, problem);
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(body);
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // The connection is gone or the response cannot take a body: nothing left to tell the client.
            }
        }
    }
}
