package dev.resiliency.spring.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.resiliency.spring.annotation.Fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real application start-up prints Spring Boot's failure report, not a stack trace to decipher. */
@ExtendWith(OutputCaptureExtension.class)
class FailureReportTest {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ AopAutoConfiguration.class, ResiliencyAutoConfiguration.class })
    static class App {
    }

    public static class ProductPageService {

        @Fallback(method = "fallbak")
        public String page(String sku) {
            return sku;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ AopAutoConfiguration.class, ResiliencyAutoConfiguration.class })
    static class AppWithBadAnnotation {

        @Bean
        ProductPageService productPageService() {
            return new ProductPageService();
        }
    }

    private static void start(Class<?> app, String... args) {
        SpringApplication application = new SpringApplication(app);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run(args).close();
    }

    @Test
    void invalidPropertyIsReportedWithItsPathAndRule(CapturedOutput output) {
        assertThatThrownBy(() -> start(App.class, "--resiliency.circuit-breaker.inventory.failure-rate-threshold=1.5"))
                .isNotNull();
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Invalid resiliency configuration: resiliency.circuit-breaker.inventory.failure-rate-threshold: "
                        + "must be between 0.0 and 1.0, got: 1.5")
                .contains("Fix the value of 'resiliency.circuit-breaker.inventory.failure-rate-threshold'");
    }

    @Test
    void misconfiguredAnnotationIsReportedWithBeanMethodAndAttribute(CapturedOutput output) {
        assertThatThrownBy(() -> start(AppWithBadAnnotation.class)).isNotNull();
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Invalid @Fallback on bean 'productPageService' method 'ProductPageService.page(String)': "
                        + "attribute 'method' names 'fallbak'");
    }
}
