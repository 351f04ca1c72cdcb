package dev.resiliency.sample.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.client.RestClient;

/**
 * The whole application over real HTTP, as a user with curl sees it: the REST API calling the simulated downstream
 * the application serves itself, the simulated downstream's controls, and the Actuator endpoints.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ApiEndToEndTest {

    @LocalServerPort
    int port;

    @Autowired
    CircuitBreakerRegistry breakers;

    RestClient http;

    @BeforeEach
    void quietDownstream() {
        this.http = RestClient.create("http://localhost:" + this.port);
        // Fast and healthy: what each test changes is then the only cause of what it sees.
        post("/simulated/settings/reset", "{}");
        post("/simulated/settings", "{\"latencyMedianMs\":5,\"tailProbability\":0,\"errorRate\":0,\"rateLimitRate\":0}");
        this.breakers.instances().forEach(breaker -> breaker.reset());
    }

    @AfterEach
    void restoreDownstream() {
        post("/simulated/settings/reset", "{}");
    }

    @Test
    void everyEndpointAnswers() {
        assertThat(get("/users/7")).satisfies(ok("\"email\":\"user7@example.com\""));
        assertThat(get("/search?q=hedging")).satisfies(ok("\"hedging guide\""));
        assertThat(get("/products/p1")).satisfies(ok("\"name\":\"Product p1\"", "\"available\":", "\"rating\":5"));
        assertThat(get("/inventory/sku-9")).satisfies(ok("\"sku\":\"sku-9\""));
        String payment = "{\"paymentMethod\":\"pm_card_visa\",\"amountCents\":1999}";
        assertThat(post("/payments", payment)).satisfies(ok("\"status\":\"succeeded\"", "\"amount\":1999"));
        assertThat(post("/payments?via=try", payment)).satisfies(ok("\"status\":\"succeeded\""));
        assertThat(post("/payments?via=breaker", payment)).satisfies(ok("\"status\":\"succeeded\""));
    }

    @Test
    void downstreamErrorsBecomeProblemDetails() {
        ResponseEntity<String> unknownUser = get("/users/0");
        assertThat(unknownUser.getStatusCode().value()).isEqualTo(404);
        assertThat(unknownUser.getBody()).contains("\"error\":\"not_found\"");

        ResponseEntity<String> declined = post("/payments",
                "{\"paymentMethod\":\"pm_card_declined\",\"amountCents\":1999}");
        assertThat(declined.getStatusCode().value()).isEqualTo(402);
        assertThat(declined.getBody()).contains("\"error\":\"payment_declined\"");

        ResponseEntity<String> badVia = post("/payments?via=nowhere", "{\"paymentMethod\":\"pm\",\"amountCents\":1}");
        assertThat(badVia.getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void anInventoryOutageDegradesTheProductPageButFailsTheRawInventoryCall() {
        post("/simulated/settings", "{\"route\":\"inventory\",\"outage\":true}");

        ResponseEntity<String> page = get("/products/p2");
        assertThat(page.getStatusCode().value()).isEqualTo(200);
        assertThat(page.getBody()).contains("\"message\":\"Check back shortly\"", "\"name\":\"Product p2\"");

        ResponseEntity<String> inventory = get("/inventory/sku-down");
        assertThat(inventory.getStatusCode().value()).isEqualTo(502);
        assertThat(inventory.getBody()).contains("\"error\":\"service_unavailable\"");
        assertThat(get("/simulated/stats").getBody()).contains("\"inventory\":{\"requests\":");
    }

    @Test
    void invalidSimulationSettingsAreRefused() {
        ResponseEntity<String> refused = post("/simulated/settings", "{\"errorRate\":2}");

        assertThat(refused.getStatusCode().value()).isEqualTo(400);
        assertThat(refused.getBody()).contains("errorRate must be between 0.0 and 1.0, got: 2.0");
    }

    @Test
    void actuatorExposesHealthMetricsAndResiliency() {
        get("/users/8");

        assertThat(get("/actuator/health")).satisfies(ok("\"status\":\"UP\""));
        assertThat(get("/actuator/metrics")).satisfies(ok("resiliency.retry.calls"));
        assertThat(get("/actuator/resiliency")).satisfies(ok("\"circuit-breaker\"", "\"inventory\"",
                "\"weighted-semaphore\"", "\"payment-gateway\""));
        assertThat(get("/actuator/resiliency/single-flight/user-profile")).satisfies(ok("leaderCalls"));
    }

    @Test
    void anOperatorCanForceTheInventoryCircuitOpen() {
        ResponseEntity<String> forced = post("/actuator/resiliency/circuit-breaker/inventory",
                "{\"action\":\"force-open\"}");
        assertThat(forced.getStatusCode().is2xxSuccessful()).isTrue();
        assertThat(get("/actuator/resiliency/circuit-breaker/inventory").getBody()).contains("FORCED_OPEN");

        assertThat(get("/products/p3").getBody()).contains("Check back shortly");
        ResponseEntity<String> rejected = get("/inventory/sku-3");
        assertThat(rejected.getStatusCode().value()).isEqualTo(503);
        assertThat(rejected.getBody()).contains("\"error\":\"service_degraded\"");

        post("/actuator/resiliency/circuit-breaker/inventory", "{\"action\":\"reset\"}");
        assertThat(get("/inventory/sku-3").getStatusCode().value()).isEqualTo(200);
    }

    private static java.util.function.Consumer<ResponseEntity<String>> ok(String... fragments) {
        return response -> {
            assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
            assertThat(response.getBody()).contains(fragments);
        };
    }

    private ResponseEntity<String> get(String path) {
        return this.http.get().uri(path).retrieve().onStatus(status -> true, (request, response) -> {
        }).toEntity(String.class);
    }

    private ResponseEntity<String> post(String path, String json) {
        return this.http.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(json).retrieve()
            .onStatus(status -> true, (request, response) -> {
            }).toEntity(String.class);
    }
}
