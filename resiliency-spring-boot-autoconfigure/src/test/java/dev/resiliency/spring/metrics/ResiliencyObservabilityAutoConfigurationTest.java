package dev.resiliency.spring.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import dev.resiliency.spring.actuate.ResiliencyEndpoint;
import dev.resiliency.spring.actuate.ResiliencyEndpointAutoConfiguration;
import dev.resiliency.spring.actuate.ResiliencyEventBuffers;
import dev.resiliency.spring.actuate.ResiliencyHealthContributorAutoConfiguration;
import dev.resiliency.spring.actuate.ResiliencyHealthIndicator;
import dev.resiliency.spring.aop.ResiliencyObserver;
import dev.resiliency.spring.config.ResiliencyAutoConfiguration;
import dev.resiliency.spring.observation.ResiliencyObservationAutoConfiguration;
import dev.resiliency.spring.registry.RetryRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/** When each observability auto-configuration applies, and that each backs off without its library. */
class ResiliencyObservabilityAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ResiliencyAutoConfiguration.class,
                    MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class, ObservationAutoConfiguration.class,
                    ResiliencyMetricsAutoConfiguration.class, ResiliencyObservationAutoConfiguration.class,
                    ResiliencyEndpointAutoConfiguration.class, ResiliencyHealthContributorAutoConfiguration.class))
            .withPropertyValues("resiliency.retry.inventory.max-attempts=2");

    @Test
    void bindsTheMetersOfConfiguredAndLaterInstances() {
        this.runner.run(context -> {
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.find("resiliency.retry.attempts").tag("name", "inventory").functionCounter())
                    .isNotNull();
            assertThat(meters.find("resiliency.retry.attempts").tag("name", "later").functionCounter()).isNull();

            context.getBean(RetryRegistry.class).instance("later").call(() -> "ok");

            assertThat(meters.get("resiliency.retry.attempts").tag("name", "later").functionCounter().count())
                    .isEqualTo(1.0);
            assertThat(meters.get("resiliency.retry.calls").tags("name", "later", "outcome", "success_without_retry")
                    .functionCounter().count()).isEqualTo(1.0);
        });
    }

    @Test
    void observesCallsWhenThereIsAnObservationRegistry() {
        this.runner.run(context -> assertThat(context).hasSingleBean(ResiliencyObserver.class)
                .hasSingleBean(ObservationRegistry.class));
    }

    @Test
    void registersTheHealthContributorNamedResiliency() {
        this.runner.run(context -> assertThat(context).hasSingleBean(ResiliencyHealthIndicator.class)
                .hasBean("resiliencyHealthIndicator"));
    }

    @Test
    void theHealthContributorCanBeTurnedOff() {
        this.runner.withPropertyValues("management.health.resiliency.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ResiliencyHealthIndicator.class));
    }

    @Test
    void theEndpointExistsOnlyOnceExposed() {
        this.runner.run(context -> assertThat(context).doesNotHaveBean(ResiliencyEndpoint.class)
                .doesNotHaveBean(ResiliencyEventBuffers.class));
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=resiliency")
                .run(context -> assertThat(context).hasSingleBean(ResiliencyEndpoint.class)
                        .hasSingleBean(ResiliencyEventBuffers.class));
    }

    @Test
    void aNegativeEventsBufferSizeFailsStartUp() {
        this.runner.withPropertyValues("management.endpoints.web.exposure.include=resiliency",
                "resiliency.events.buffer-size=-1")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("resiliency.events.buffer-size must be >= 0, got: -1"));
    }

    @Test
    void resiliencyEnabledFalseTurnsObservabilityOffToo() {
        this.runner.withPropertyValues("resiliency.enabled=false",
                "management.endpoints.web.exposure.include=resiliency")
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(ResiliencyMeterBinder.class)
                        .doesNotHaveBean(ResiliencyObserver.class)
                        .doesNotHaveBean(ResiliencyEndpoint.class)
                        .doesNotHaveBean(ResiliencyHealthIndicator.class));
    }

    @Test
    void backsOffWithoutAMeterRegistry() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ResiliencyAutoConfiguration.class,
                        ResiliencyMetricsAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ResiliencyMeterBinder.class));
    }

    @Test
    void startsWithoutMicrometerNorTheActuatorOnTheClassPath() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ResiliencyAutoConfiguration.class,
                        ResiliencyMetricsAutoConfiguration.class, ResiliencyObservationAutoConfiguration.class,
                        ResiliencyEndpointAutoConfiguration.class, ResiliencyHealthContributorAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(MeterRegistry.class, ObservationRegistry.class, Endpoint.class,
                        HealthIndicator.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(RetryRegistry.class)
                        .doesNotHaveBean(ResiliencyMeterBinder.class)
                        .doesNotHaveBean(ResiliencyObserver.class)
                        .doesNotHaveBean(ResiliencyEndpoint.class)
                        .doesNotHaveBean(ResiliencyHealthIndicator.class));
    }
}
