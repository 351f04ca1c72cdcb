package dev.resiliency.spring.actuate;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.resiliency.CircuitOpenException;
import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import dev.resiliency.spring.registry.HedgedRegistry;
import dev.resiliency.spring.registry.SingleFlightRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code resiliency} endpoint over real HTTP with the default (read-only) access: listing, one instance, recent
 * events, 404s, writes refused.
 */
@SpringBootTest(classes = ActuatorTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "management.endpoints.web.exposure.include=health,resiliency",
        "resiliency.circuit-breaker.inventory.minimum-calls=2",
        "resiliency.circuit-breaker.inventory.window-size=2",
        "resiliency.circuit-breaker.payments.failure-rate-threshold=0.25",
        "resiliency.retry.inventory.max-attempts=2",
        "resiliency.bulkhead.inventory.max-concurrent=3",
        "resiliency.weighted-semaphore.inventory.max=5",
        "resiliency.rate-limiter.inventory.rate=10",
        "resiliency.rate-limiter.inventory.burst-size=4",
        "resiliency.hedged.inventory.delay=50ms",
        "resiliency.events.buffer-size=3" })
class ResiliencyEndpointReadTest {

    @LocalServerPort
    private int port;

    @Autowired
    private CircuitBreakerRegistry circuitBreakers;

    @Autowired
    private SingleFlightRegistry singleFlights;

    @Autowired
    private HedgedRegistry hedges;

    private Http http;

    @BeforeEach
    void client() {
        this.http = new Http(this.port);
    }

    @AfterEach
    void closeCircuits() {
        this.circuitBreakers.instances().forEach(CircuitBreaker::reset);
    }

    @Test
    void listsEveryInstanceOfEveryKindWithItsStats() {
        this.singleFlights.instance("inventory");

        Http.Response response = this.http.get("/actuator/resiliency");

        assertThat(response.code()).isEqualTo(200);
        Map<String, Object> instances = response.json("$.instances");
        assertThat(instances).containsOnlyKeys("circuit-breaker", "single-flight", "rate-limiter", "bulkhead",
                "weighted-semaphore", "retry", "hedged");
        assertThat(response.<Map<String, Object>>json("$.instances.circuit-breaker"))
                .containsOnlyKeys("inventory", "payments");
        assertThat(response.<String>json("$.instances.circuit-breaker.inventory.state")).isEqualTo("CLOSED");
        assertThat(response.<Integer>json("$.instances.bulkhead.inventory.maxConcurrent")).isEqualTo(3);
        assertThat(response.<Integer>json("$.instances.weighted-semaphore.inventory.max")).isEqualTo(5);
        assertThat(response.<Integer>json("$.instances.rate-limiter.inventory.burstSize")).isEqualTo(4);
        assertThat(response.<Integer>json("$.instances.retry.inventory.attempts")).isZero();
        assertThat(response.<Integer>json("$.instances.single-flight.inventory.inFlight")).isZero();
        assertThat(response.<String>json("$.instances.hedged.inventory.currentDelay")).isEqualTo("PT0.05S");
    }

    @Test
    void showsOneInstanceWithItsStats() throws Exception {
        CircuitBreaker inventory = this.circuitBreakers.instance("inventory");
        long before = inventory.stats().successfulCalls();
        inventory.call(() -> "ok");

        Http.Response response = this.http.get("/actuator/resiliency/circuit-breaker/inventory");

        assertThat(response.code()).isEqualTo(200);
        assertThat(response.<String>json("$.kind")).isEqualTo("circuit-breaker");
        assertThat(response.<String>json("$.name")).isEqualTo("inventory");
        assertThat(response.<Map<String, Object>>json("$.stats")).containsOnlyKeys("state", "total", "failures",
                "slowCalls", "failureRate", "slowCallRate", "successfulCalls", "failedCalls", "ignoredCalls",
                "rejectedCalls");
        assertThat(response.<Number>json("$.stats.successfulCalls").longValue()).isEqualTo(before + 1);
        assertThat(response.<Double>json("$.stats.failureRate")).isEqualTo(0.0);
    }

    @Test
    void showsHedgedStatsWithLatencyPercentilesOnceACallIsRecorded() throws Exception {
        assertThat(this.http.get("/actuator/resiliency/hedged/inventory").<Map<String, Object>>json("$.stats"))
                .containsKeys("totalRequests", "hedgedRequests", "hedgeWon", "currentDelay", "tokens")
                .doesNotContainKeys("p50", "p95", "p99"); // none yet: null values are left out

        this.hedges.instance("inventory").call(() -> "fast");

        Http.Response response = this.http.get("/actuator/resiliency/hedged/inventory");
        assertThat(response.code()).isEqualTo(200);
        assertThat(response.<Map<String, Object>>json("$.stats")).containsOnlyKeys("totalRequests", "hedgedRequests",
                "hedgeWon", "p50", "p95", "p99", "currentDelay", "tokens");
        assertThat(response.<Integer>json("$.stats.totalRequests")).isEqualTo(1);
        assertThat(response.<String>json("$.stats.p95")).startsWith("PT");
    }

    @Test
    void answers404ForAnUnknownNameWithoutCreatingIt() {
        Http.Response response = this.http.get("/actuator/resiliency/circuit-breaker/ghost");

        assertThat(response.code()).isEqualTo(404);
        assertThat(this.circuitBreakers.find("ghost")).isEmpty();
        assertThat(this.http.get("/actuator/resiliency/circuit-breaker/ghost/events").code()).isEqualTo(404);
        assertThat(this.circuitBreakers.find("ghost")).isEmpty();
    }

    @Test
    void answers404ForAnUnknownKind() {
        assertThat(this.http.get("/actuator/resiliency/circuit-breakers/inventory").code()).isEqualTo(404);
        assertThat(this.http.get("/actuator/resiliency/nothing/inventory/events").code()).isEqualTo(404);
    }

    @Test
    void answers404ForAnUnknownSubPath() {
        assertThat(this.http.get("/actuator/resiliency/circuit-breaker/inventory/history").code()).isEqualTo(404);
    }

    @Test
    void showsTheLastEventsOfAnInstanceOldestFirst() throws Exception {
        CircuitBreaker inventory = this.circuitBreakers.instance("inventory");
        inventory.reset();
        inventory.call(() -> "ok"); // CallSucceeded, pushed out of the buffer of 3 below
        inventory.forceOpen(); // StateTransition
        assertThatThrownBy(() -> inventory.call(() -> "no")).isInstanceOf(CircuitOpenException.class);
        assertThatThrownBy(() -> inventory.call(() -> "no")).isInstanceOf(CircuitOpenException.class);

        Http.Response response = this.http.get("/actuator/resiliency/circuit-breaker/inventory/events");

        assertThat(response.code()).isEqualTo(200);
        assertThat(response.<Integer>json("$.bufferSize")).isEqualTo(3);
        assertThat(response.<List<String>>json("$.events[*].type"))
                .containsExactly("StateTransition", "CallRejected", "CallRejected");
        assertThat(response.<Map<String, Object>>json("$.events[0].details"))
                .containsEntry("from", "CLOSED").containsEntry("to", "FORCED_OPEN").doesNotContainKey("name");
        assertThat(response.<String>json("$.events[0].time")).endsWith("Z");
    }

    @Test
    void refusesWritesByDefault() {
        Http.Response response = this.http.post("/actuator/resiliency/circuit-breaker/inventory",
                "{\"action\":\"force-open\"}");

        assertThat(response.code()).isEqualTo(405);
        assertThat(this.circuitBreakers.instance("inventory").state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
