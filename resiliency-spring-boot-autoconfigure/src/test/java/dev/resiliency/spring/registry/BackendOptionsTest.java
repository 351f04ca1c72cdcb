package dev.resiliency.spring.registry;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.resiliency.BackendFailureMode;
import dev.resiliency.ratelimiter.RateLimiter;
import dev.resiliency.ratelimiter.SharedBucket;
import dev.resiliency.singleflight.SharedFlights;
import dev.resiliency.singleflight.SingleFlight;
import dev.resiliency.spring.config.InvalidResiliencyPropertyException;
import dev.resiliency.spring.config.RateLimiterProperties;
import dev.resiliency.spring.config.SingleFlightProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

/** {@code backend} and {@code on-backend-failure} of rate limiters and single-flight groups. */
class BackendOptionsTest {

    private static RateLimiterProperties limiter(String backend, String onFailure) {
        RateLimiterProperties properties = new RateLimiterProperties();
        properties.setRate(10.0);
        properties.setBackend(backend);
        properties.setOnBackendFailure(onFailure);
        return properties;
    }

    private static SingleFlightProperties flight(String backend, String onFailure) {
        SingleFlightProperties properties = new SingleFlightProperties();
        properties.setBackend(backend);
        properties.setOnBackendFailure(onFailure);
        return properties;
    }

    private static final InstanceCustomizer<RateLimiter.Builder> SHARED_BUCKETS =
            (name, builder) -> builder.backend((n, rate, burst) -> mock(SharedBucket.class));

    private static final InstanceCustomizer<SingleFlight.Builder> SHARED_FLIGHTS =
            (name, builder) -> builder.backend(n -> mock(SharedFlights.class));

    @Test
    void localIsTheDefault() {
        RateLimiterRegistry limiters = new RateLimiterRegistry(Map.of("api", limiter(null, null)));
        SingleFlightRegistry flights = new SingleFlightRegistry(Map.of("sf", flight(null, null)));

        assertThat(limiters.instance("api").sharedBucket()).isEmpty();
        assertThat(limiters.instance("api").onBackendFailure()).isEqualTo(BackendFailureMode.LOCAL);
        assertThat(flights.instance("sf").hasBackend()).isFalse();
    }

    @Test
    void aBackendNoModuleProvidesFailsStartUpNamingTheProperty() {
        assertThatThrownBy(() -> new RateLimiterRegistry(Map.of("api", limiter("redis", null))))
                .isInstanceOf(InvalidResiliencyPropertyException.class)
                .hasMessageStartingWith("resiliency.rate-limiter.api.backend: 'redis' is not available");
        assertThatThrownBy(() -> new SingleFlightRegistry(Map.of("sf", flight("Redis", null))))
                .isInstanceOf(InvalidResiliencyPropertyException.class)
                .hasMessageStartingWith("resiliency.single-flight.sf.backend: 'redis' is not available");
    }

    @Test
    void aBackendOnDefaultIsValidatedEvenWithoutNamedInstances() {
        assertThatThrownBy(() -> new SingleFlightRegistry(Map.of("default", flight("redis", null))))
                .isInstanceOf(InvalidResiliencyPropertyException.class)
                .hasMessageStartingWith("resiliency.single-flight.default.backend: 'redis' is not available");
    }

    @Test
    void aBackendProvidedByACustomizerIsUsedWithTheConfiguredFailureMode() {
        RateLimiterRegistry limiters = new RateLimiterRegistry(Map.of("api", limiter("redis", "reject")),
                List.of(SHARED_BUCKETS), null);
        SingleFlightRegistry flights = new SingleFlightRegistry(Map.of("sf", flight("redis", "REJECT")),
                List.of(SHARED_FLIGHTS));

        assertThat(limiters.instance("api").sharedBucket()).isPresent();
        assertThat(limiters.instance("api").onBackendFailure()).isEqualTo(BackendFailureMode.REJECT);
        assertThat(flights.instance("sf").hasBackend()).isTrue();
        assertThat(flights.instance("sf").onBackendFailure()).isEqualTo(BackendFailureMode.REJECT);
    }

    @Test
    void anUnknownFailureModeFailsStartUpNamingTheProperty() {
        assertThatThrownBy(() -> new RateLimiterRegistry(Map.of("api", limiter(null, "retry"))))
                .isInstanceOf(InvalidResiliencyPropertyException.class)
                .hasMessage("resiliency.rate-limiter.api.on-backend-failure: must be one of local, reject, got: retry");
        assertThatThrownBy(() -> new SingleFlightRegistry(Map.of("sf", flight(null, "ignore"))))
                .isInstanceOf(InvalidResiliencyPropertyException.class)
                .hasMessage("resiliency.single-flight.sf.on-backend-failure: must be one of local, reject, got: ignore");
    }

    @Test
    void backendOptionsAreInheritedFromDefault() {
        SingleFlightRegistry flights = new SingleFlightRegistry(Map.of("default", flight("redis", "reject")),
                List.of(SHARED_FLIGHTS));

        SingleFlight lazy = flights.instance("never-configured");

        assertThat(lazy.hasBackend()).isTrue();
        assertThat(lazy.onBackendFailure()).isEqualTo(BackendFailureMode.REJECT);
    }
}
