package dev.resiliency.spring.actuate;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.singleflight.SingleFlight;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import dev.resiliency.spring.registry.SingleFlightRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * With {@code management.endpoint.resiliency.access=unrestricted}: the write operations over real HTTP; and the
 * {@code resiliency} health contributor for open circuits with and without {@code health-affects-status}.
 */
@SpringBootTest(classes = ActuatorTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "management.endpoints.web.exposure.include=health,resiliency",
        "management.endpoint.resiliency.access=unrestricted",
        "management.endpoint.health.show-details=always",
        "resiliency.circuit-breaker.default.minimum-calls=2",
        "resiliency.circuit-breaker.default.window-size=2",
        "resiliency.circuit-breaker.inventory.open-timeout=1h",
        "resiliency.circuit-breaker.payments.open-timeout=1h",
        "resiliency.circuit-breaker.payments.health-affects-status=true",
        "resiliency.bulkhead.inventory.max-concurrent=2",
        "resiliency.weighted-semaphore.inventory.max=4",
        "resiliency.retry.inventory.max-attempts=2" })
class ResiliencyEndpointWriteAndHealthTest {

    @LocalServerPort
    private int port;

    @Autowired
    private CircuitBreakerRegistry circuitBreakers;

    @Autowired
    private SingleFlightRegistry singleFlights;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    private Http http;

    @BeforeEach
    void client() {
        this.http = new Http(this.port);
    }

    @AfterEach
    void closeCircuits() {
        this.circuitBreakers.instances().forEach(CircuitBreaker::reset);
        this.threads.shutdownNow();
    }

    @Test
    void forcesACircuitOpenThenClosedThenResetsIt() {
        Http.Response opened = this.http.post("/actuator/resiliency/circuit-breaker/inventory",
                "{\"action\":\"force-open\"}");
        assertThat(opened.code()).isEqualTo(200);
        assertThat(opened.<String>json("$.stats.state")).isEqualTo("FORCED_OPEN");
        assertThat(this.circuitBreakers.instance("inventory").state()).isEqualTo(CircuitBreaker.State.FORCED_OPEN);

        Http.Response closed = this.http.post("/actuator/resiliency/circuit-breaker/inventory",
                "{\"action\":\"force-close\"}");
        assertThat(closed.code()).isEqualTo(200);
        assertThat(closed.<String>json("$.stats.state")).isEqualTo("CLOSED");

        trip("inventory");
        Http.Response reset = this.http.post("/actuator/resiliency/circuit-breaker/inventory",
                "{\"action\":\"reset\"}");
        assertThat(reset.code()).isEqualTo(200);
        assertThat(reset.<String>json("$.stats.state")).isEqualTo("CLOSED");
        assertThat(reset.<Integer>json("$.stats.total")).isZero();
    }

    @Test
    void forgetsASingleFlightKeySoTheNextCallerRunsItsOwnCall() throws Exception {
        SingleFlight flight = this.singleFlights.instance("catalog");
        CountDownLatch release = new CountDownLatch(1);
        Future<Object> stuck = this.threads.submit(() -> flight.call("sku-1", () -> {
            release.await();
            return "stale";
        }));
        await().until(() -> flight.inFlight() == 1);

        Http.Response response = this.http.post("/actuator/resiliency/single-flight/catalog",
                "{\"action\":\"forget\",\"key\":\"sku-1\"}");

        assertThat(response.code()).isEqualTo(200);
        assertThat(response.<Integer>json("$.stats.inFlight")).isZero();
        assertThat(flight.call("sku-1", () -> "fresh")).isEqualTo("fresh");
        release.countDown();
        assertThat(stuck.get()).isEqualTo("stale");
    }

    @Test
    void answers400ForAnUnknownActionOrAMissingKey() {
        Http.Response unknown = this.http.post("/actuator/resiliency/circuit-breaker/inventory",
                "{\"action\":\"explode\"}");
        assertThat(unknown.code()).isEqualTo(400);
        assertThat(unknown.<String>json("$.message")).contains("explode", "force-open", "force-close", "reset");

        this.singleFlights.instance("catalog");
        Http.Response noKey = this.http.post("/actuator/resiliency/single-flight/catalog", "{\"action\":\"forget\"}");
        assertThat(noKey.code()).isEqualTo(400);
        assertThat(noKey.<String>json("$.message")).contains("key");

        Http.Response noAction = this.http.post("/actuator/resiliency/retry/inventory", "{\"action\":\"reset\"}");
        assertThat(noAction.code()).isEqualTo(400);
        assertThat(noAction.<String>json("$.message")).contains("retry");
    }

    @Test
    void answers404ForUnknownKindsAndNamesWithoutCreatingAnything() {
        Http.Response name = this.http.post("/actuator/resiliency/circuit-breaker/ghost", "{\"action\":\"reset\"}");
        assertThat(name.code()).isEqualTo(404);
        assertThat(name.<String>json("$.message")).contains("ghost");
        assertThat(this.circuitBreakers.find("ghost")).isEmpty();

        Http.Response kind = this.http.post("/actuator/resiliency/fuse/inventory", "{\"action\":\"reset\"}");
        assertThat(kind.code()).isEqualTo(404);
    }

    @Test
    void anOpenCircuitIsReportedButKeepsTheApplicationUpByDefault() {
        trip("inventory");

        Http.Response health = this.http.get("/actuator/health");

        assertThat(health.code()).isEqualTo(200);
        assertThat(health.<String>json("$.status")).isEqualTo("UP");
        assertThat(health.<String>json("$.components.resiliency.status")).isEqualTo("UP");
        assertThat(health.<String>json("$.components.resiliency.details.circuit-breaker.inventory.state"))
                .isEqualTo("OPEN");
        assertThat(health.<Boolean>json(
                "$.components.resiliency.details.circuit-breaker.inventory.healthAffectsStatus")).isFalse();
        assertThat(health.<Boolean>json("$.components.resiliency.details.bulkhead.inventory.full")).isFalse();
        assertThat(health.<Integer>json("$.components.resiliency.details.weighted-semaphore.inventory.max"))
                .isEqualTo(4);
    }

    @Test
    void anOpenCircuitWithHealthAffectsStatusTurnsTheApplicationDown() {
        trip("payments");

        Http.Response health = this.http.get("/actuator/health");

        assertThat(health.code()).isEqualTo(503);
        assertThat(health.<String>json("$.status")).isEqualTo("DOWN");
        assertThat(health.<String>json("$.components.resiliency.status")).isEqualTo("DOWN");
        assertThat(health.<String>json("$.components.resiliency.details.circuit-breaker.payments.state"))
                .isEqualTo("OPEN");
        assertThat(health.<List<String>>json("$.components.resiliency.details.unhealthy"))
                .containsExactly("circuit-breaker/payments");

        this.circuitBreakers.instance("payments").reset();
        assertThat(this.http.get("/actuator/health").code()).isEqualTo(200);
    }

    /** Two failures in a window of two: the breaker opens. */
    private void trip(String name) {
        CircuitBreaker breaker = this.circuitBreakers.instance(name);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> breaker.call(() -> { throw new IOException("down"); }))
                    .isInstanceOf(IOException.class);
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }
}
