package dev.resiliency.sample.inventory;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resiliency.sample.downstream.ServiceUnavailableException;
import dev.resiliency.sample.support.Concurrently;
import dev.resiliency.sample.support.Concurrently.Outcome;
import dev.resiliency.sample.support.Stubs;
import dev.resiliency.sample.support.WireMockDownstream;
import dev.resiliency.sample.support.WireMockTest;
import dev.resiliency.singleflight.SingleFlight;
import dev.resiliency.spring.registry.RetryRegistry;
import dev.resiliency.spring.registry.SingleFlightRegistry;
import dev.resiliency.spring.registry.WeightedSemaphoreRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The full stack with 50 concurrent callers for one SKU, as in the guide's "Request flow": one single-flight
 * leader, one retry loop of at most 3 hedged attempts, so at most 3 x 2 = 6 HTTP requests whatever happens, and
 * every caller gets the same answer.
 */
class InventoryStackTest extends WireMockTest {

    @Autowired
    InventoryClient inventory;

    @Autowired
    SingleFlightRegistry flights;

    @Autowired
    RetryRegistry retries;

    @Autowired
    WeightedSemaphoreRegistry semaphores;

    @Test
    void fiftyConcurrentMissesShareOneCallAndFillTheCache() throws Exception {
        // 120 ms: below the 200 ms initial hedge delay, so the leader's request is not hedged.
        wiremock.stubFor(get(url("sku-ok")).willReturn(okJson(inventory("sku-ok", 7)).withFixedDelay(120)));
        long leadersBefore = flight().stats().leaderCalls();

        List<Outcome<Inventory>> outcomes = Concurrently.run(50, () -> this.inventory.getInventory("sku-ok"));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.value())
            .isEqualTo(new Inventory("sku-ok", 7, null)));
        assertThat(requests("sku-ok")).isBetween(1, 2); // 2 only if the machine stalled past the hedge delay
        // Normally one flight; a caller that missed the cache but reached the single flight after it landed leads
        // a second one, which finds the value in the cache and makes no request.
        assertThat(flight().stats().leaderCalls() - leadersBefore).isBetween(1L, 2L);
        this.inventory.getInventory("sku-ok");
        assertThat(requests("sku-ok")).as("the 51st call is served from the cache").isBetween(1, 2);
    }

    @Test
    void fiftyCallersDuringAnOutageMakeExactlySixRequestsAndShareTheFailure() throws Exception {
        wiremock.stubFor(get(url("sku-down")).willReturn(serviceUnavailable().withFixedDelay(50)));

        List<Outcome<Inventory>> outcomes = Concurrently.run(50, () -> this.inventory.getInventory("sku-down"));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.failure())
            .isInstanceOf(ServiceUnavailableException.class));
        assertThat(outcomes.stream().map(Outcome::failure).distinct()).as("one failure, shared").hasSize(1);
        assertThat(requests("sku-down")).isEqualTo(6);
        assertThat(this.semaphores.instance("inventory").available()).as("no permit leaked").isEqualTo(20);
    }

    @Test
    void aBurstOf503sIsAbsorbedByOneRetry() throws Exception {
        // Attempt 1: primary 503, hedge fired at once 503; backoff 100 ms; attempt 2: 200.
        Stubs.getSequence(wiremock, url("sku-burst"), serviceUnavailable(), serviceUnavailable(),
                okJson(inventory("sku-burst", 3)));
        long retriedBefore = this.retries.instance("inventory").stats().successWithRetry();

        List<Outcome<Inventory>> outcomes = Concurrently.run(50, () -> this.inventory.getInventory("sku-burst"));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.value().available()).isEqualTo(3));
        assertThat(requests("sku-burst")).isBetween(3, 4);
        assertThat(this.retries.instance("inventory").stats().successWithRetry() - retriedBefore).isEqualTo(1);
    }

    @Test
    void rateLimitedRequestsAreRetried() {
        Stubs.getSequence(wiremock, url("sku-429"), status(429), status(429), okJson(inventory("sku-429", 1)));

        assertThat(this.inventory.getInventory("sku-429").available()).isEqualTo(1);
        assertThat(requests("sku-429")).isBetween(3, 4);
    }

    private SingleFlight flight() {
        return this.flights.instance("inventory");
    }

    static String url(String sku) {
        return "/inventory/v2/products/" + sku;
    }

    static int requests(String sku) {
        return WireMockDownstream.count(getRequestedFor(urlPathEqualTo(url(sku))));
    }

    static String inventory(String sku, int available) {
        return "{\"sku\":\"" + sku + "\",\"available\":" + available + "}";
    }
}
