package dev.resiliency.spring.aop;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.resiliency.spring.config.ResiliencyAutoConfiguration;

/** Contexts with the starter and Spring Boot's AOP auto-configuration, as an application with the starter has. */
final class AnnotationTestSupport {

    private AnnotationTestSupport() {
    }

    static ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResiliencyAutoConfiguration.class));
    }
}
