package dev.resiliency.sample.inventory;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static dev.resiliency.sample.inventory.InventoryStackTest.inventory;
import static dev.resiliency.sample.inventory.InventoryStackTest.requests;
import static dev.resiliency.sample.inventory.InventoryStackTest.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.sample.downstream.BadRequestException;
import dev.resiliency.sample.downstream.ConnectionLostException;
import dev.resiliency.sample.downstream.NotFoundException;
import dev.resiliency.sample.support.Stubs;
import dev.resiliency.sample.support.WireMockTest;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import dev.resiliency.spring.registry.RetryRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Errors the inventory stack does not retry, per the guide's {@code retry_if} (timeout, 503 and 429 only): each
 * costs one hedged attempt, i.e. the primary plus the hedge fired at once when the primary failed and left nothing
 * in flight. And the hedge that cuts a slow primary short.
 */
class InventoryFaultsTest extends WireMockTest {

    @Autowired
    InventoryClient inventory;

    @Autowired
    RetryRegistry retries;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Test
    void notFoundIsNotRetriedAndDoesNotCountAgainstTheCircuit() {
        wiremock.stubFor(get(url("unknown-1")).willReturn(notFound()));
        int failuresBefore = breaker().stats().failures();

        assertThatThrownBy(() -> this.inventory.getInventory("unknown-1")).isInstanceOf(NotFoundException.class);

        assertThat(requests("unknown-1")).isEqualTo(2);
        assertThat(breaker().stats().failures()).isEqualTo(failuresBefore);
    }

    @Test
    void badRequestAbortsTheRetryLoop() {
        wiremock.stubFor(get(url("sku-bad")).willReturn(status(400)));
        long abortedBefore = this.retries.instance("inventory").stats().aborted();

        assertThatThrownBy(() -> this.inventory.getInventory("sku-bad")).isInstanceOf(BadRequestException.class);

        assertThat(requests("sku-bad")).isEqualTo(2);
        assertThat(this.retries.instance("inventory").stats().aborted() - abortedBefore).isEqualTo(1);
    }

    @Test
    void connectionResetIsNotRetriedByTheInventoryStack() {
        wiremock.stubFor(get(url("sku-reset")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> this.inventory.getInventory("sku-reset")).isInstanceOf(ConnectionLostException.class);
        assertThat(requests("sku-reset")).isEqualTo(2);
    }

    @Test
    void emptyResponseIsALostConnection() {
        wiremock.stubFor(get(url("sku-empty")).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

        assertThatThrownBy(() -> this.inventory.getInventory("sku-empty")).isInstanceOf(ConnectionLostException.class);
        assertThat(requests("sku-empty")).isEqualTo(2);
    }

    @Test
    void aSlowPrimaryIsCutShortByItsHedge() {
        // The primary takes 3 s; the hedge, fired after the 200 ms initial delay, answers at once and wins.
        Stubs.getSequence(wiremock, url("sku-slow"), okJson(inventory("sku-slow", 5)).withFixedDelay(3000),
                okJson(inventory("sku-slow", 5)));
        long start = System.nanoTime();

        assertThat(this.inventory.getInventory("sku-slow").available()).isEqualTo(5);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        assertThat(requests("sku-slow")).isEqualTo(2);
    }

    private CircuitBreaker breaker() {
        return this.breakers.instance("inventory");
    }
}
