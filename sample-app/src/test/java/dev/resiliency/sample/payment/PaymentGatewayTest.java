package dev.resiliency.sample.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.resiliency.SemaphoreRejectedException;
import dev.resiliency.sample.downstream.DownstreamTraffic;
import dev.resiliency.sample.downstream.PaymentDeclinedException;
import dev.resiliency.sample.support.Concurrently;
import dev.resiliency.sample.support.Concurrently.Outcome;
import dev.resiliency.sample.support.Stubs;
import dev.resiliency.sample.support.WireMockDownstream;
import dev.resiliency.sample.support.WireMockTest;
import dev.resiliency.semaphore.WeightedSemaphore;
import dev.resiliency.spring.registry.WeightedSemaphoreRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * PaymentGateway = WeightedSemaphore (weight 2 of 10) + Hedged: the payment API never sees more than 10 requests in
 * flight from this node, hedges included; the non-blocking variant is rejected at once when at capacity.
 */
class PaymentGatewayTest extends WireMockTest {

    private static final String CHARGES = "/payments/v1/charges";
    private static final String TRANSACTION = "{\"id\":\"ch_1\",\"status\":\"succeeded\",\"amount\":100,"
            + "\"currency\":\"usd\",\"paymentMethod\":\"pm_x\"}";

    @Autowired
    PaymentGateway gateway;

    @Autowired
    DownstreamTraffic traffic;

    @Autowired
    WeightedSemaphoreRegistry semaphores;

    @Test
    void chargeSendsTheChargeWithItsIdempotencyKey() {
        wiremock.stubFor(charge("pm_ok").willReturn(okJson(TRANSACTION)));

        Transaction transaction = this.gateway.charge(new ChargeRequest("pm_ok", 100, "key-1"));

        assertThat(transaction.status()).isEqualTo("succeeded");
        assertThat(WireMockDownstream.count(requestsFor("pm_ok").withHeader("Idempotency-Key",
                containing("key-1")))).isBetween(1, 2);
    }

    @Test
    void twentyConcurrentChargesNeverPutMoreThanTenRequestsInFlight() throws Exception {
        // 700 ms per request: past the 500 ms initial hedge delay, so executions hedge while tokens last and the
        // in-flight count reaches the semaphore's bound: 5 executions x 2 requests.
        wiremock.stubFor(charge("pm_busy").willReturn(okJson(TRANSACTION).withFixedDelay(700)));
        this.traffic.resetCounts();

        List<Outcome<Transaction>> outcomes = Concurrently.run(20,
                () -> this.gateway.charge(ChargeRequest.of("pm_busy", 100)));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.succeeded()).isTrue());
        assertThat(this.traffic.counters(PaymentGateway.ROUTE).peakInFlight()).isBetween(6, 10);
        assertThat(WireMockDownstream.count(requestsFor("pm_busy"))).isBetween(20, 40);
        assertThat(semaphore().available()).isEqualTo(10);
    }

    @Test
    void theHedgeCarriesTheSameIdempotencyKeyAsThePrimary() {
        Stubs.sequence(wiremock, "hedge", () -> charge("pm_hedge"), okJson(TRANSACTION).withFixedDelay(2000),
                okJson(TRANSACTION));

        this.gateway.charge(new ChargeRequest("pm_hedge", 100, "key-hedge"));

        assertThat(WireMockDownstream.count(requestsFor("pm_hedge"))).isEqualTo(2);
        assertThat(WireMockDownstream.count(requestsFor("pm_hedge").withHeader("Idempotency-Key",
                containing("key-hedge")))).isEqualTo(2);
    }

    @Test
    void aDeclinedPaymentFailsWithoutRetry() {
        wiremock.stubFor(charge("pm_card_declined").willReturn(status(402)));

        assertThatThrownBy(() -> this.gateway.charge(ChargeRequest.of("pm_card_declined", 100)))
            .isInstanceOf(PaymentDeclinedException.class);
        // No retry layer here: the primary, and its hedge fired when it failed with nothing else in flight.
        assertThat(WireMockDownstream.count(requestsFor("pm_card_declined"))).isEqualTo(2);
    }

    @Test
    void tryChargeIsRejectedAtOnceWhileTheSemaphoreIsFullAndSucceedsAfter() throws Exception {
        wiremock.stubFor(charge("pm_try").willReturn(okJson(TRANSACTION)));
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try {
            // Another caller holds all 10 permits of the very semaphore the annotations use.
            Future<?> held = holder.submit(() -> semaphore().acquire(10, () -> {
                release.await();
                return null;
            }));
            await().atMost(Duration.ofSeconds(10)).until(() -> semaphore().available() == 0);

            assertThatThrownBy(() -> this.gateway.tryCharge(ChargeRequest.of("pm_try", 100)))
                .isInstanceOf(SemaphoreRejectedException.class);
            assertThat(WireMockDownstream.count(requestsFor("pm_try"))).isZero();

            release.countDown();
            held.get();
        }
        finally {
            release.countDown();
            holder.shutdownNow();
        }
        assertThat(this.gateway.tryCharge(ChargeRequest.of("pm_try", 100)).status()).isEqualTo("succeeded");
    }

    @Test
    void chargeWaitsInLineForCapacity() throws Exception {
        wiremock.stubFor(charge("pm_wait").willReturn(okJson(TRANSACTION)));
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try {
            holder.submit(() -> semaphore().acquire(10, () -> {
                release.await();
                return null;
            }));
            await().atMost(Duration.ofSeconds(10)).until(() -> semaphore().available() == 0);

            CompletableFuture<Transaction> waiting = CompletableFuture.supplyAsync(
                    () -> this.gateway.charge(ChargeRequest.of("pm_wait", 100)));
            await().atMost(Duration.ofSeconds(10)).until(() -> semaphore().queueLength() == 1);
            assertThat(waiting).isNotDone();

            release.countDown();
            assertThat(waiting.get().status()).isEqualTo("succeeded");
        }
        finally {
            release.countDown();
            holder.shutdownNow();
        }
    }

    private WeightedSemaphore semaphore() {
        return this.semaphores.instance("payment-gateway");
    }

    private static MappingBuilder charge(String paymentMethod) {
        return post(CHARGES).withRequestBody(matchingJsonPath("$.paymentMethod", containing(paymentMethod)));
    }

    private static RequestPatternBuilder requestsFor(String paymentMethod) {
        return postRequestedFor(urlPathEqualTo(CHARGES))
            .withRequestBody(matchingJsonPath("$.paymentMethod", containing(paymentMethod)));
    }
}
