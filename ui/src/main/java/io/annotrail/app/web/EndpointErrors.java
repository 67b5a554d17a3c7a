package io.annotrail.app.web;

import com.vaadin.hilla.BrowserCallable;
import com.vaadin.hilla.exception.EndpointException;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.Violation;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

import java.util.List;

/**
 * The browser UI's error contract: a {@link DomainException} thrown by a {@code @BrowserCallable} service reaches the
 * client as an {@link EndpointException} whose detail is the same code, HTTP status and violations the REST API
 * puts in its RFC 9457 problems, so a view can put a server-side validation message on the right field. Anything
 * else stays an internal error that Hilla logs and hides.
 */
@Configuration(proxyBeanMethods = false)
class EndpointErrors {

    /** What the client finds in {@code EndpointError.detail}. */
    public record Detail(String code, int status, List<Violation> violations) {
    }

    /** Infrastructure role: the auto-proxy creator that is present without AspectJ only applies such advisors. */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static Advisor browserCallableDomainErrors() {
        MethodInterceptor translate = invocation -> {
            try {
                return invocation.proceed();
            } catch (DomainException e) {
                throw toEndpointException(e);
            }
        };
        return new DefaultPointcutAdvisor(new AnnotationMatchingPointcut(BrowserCallable.class, true), translate);
    }

    static EndpointException toEndpointException(DomainException e) {
        return new EndpointException(e.getMessage(),
                new Detail(e.code().name(), Problems.statusOf(e.code()).value(), e.violations()));
    }
}
