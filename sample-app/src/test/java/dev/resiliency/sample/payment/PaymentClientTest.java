package dev.resiliency.sample.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.resiliency.BulkheadFullException;
import dev.resiliency.CircuitOpenException;
import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.sample.downstream.DownstreamTraffic;
import dev.resiliency.sample.downstream.PaymentDeclinedException;
import dev.resiliency.sample.downstream.ServiceUnavailableException;
import dev.resiliency.sample.support.Concurrently;
import dev.resiliency.sample.support.Concurrently.Outcome;
import dev.resiliency.sample.support.WireMockDownstream;
import dev.resiliency.sample.support.WireMockTest;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * PaymentClient = CircuitBreaker + Bulkhead. The open timeout (30 s) and the bulkhead's wait (5 s) are shortened
 * here so the tests need not wait for them; the thresholds are the guide's.
 */
@TestPropertySource(properties = { "resiliency.circuit-breaker.payment.open-timeout=2s",
        "resiliency.bulkhead.payment.max-wait=1s" })
class PaymentClientTest extends WireMockTest {

    private static final String CHARGES = "/payments/v1/charges";
    private static final String TRANSACTION = "{\"id\":\"ch_1\",\"status\":\"succeeded\",\"amount\":100,"
            + "\"currency\":\"usd\",\"paymentMethod\":\"pm_x\"}";

    @Autowired
    PaymentClient payments;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Autowired
    DownstreamTraffic traffic;

    @BeforeEach
    void closeTheCircuit() {
        breaker().reset();
    }

    @Test
    void theBulkheadKeepsConcurrentCallsAtTen() throws Exception {
        wiremock.stubFor(charge("pm_many").willReturn(okJson(TRANSACTION).withFixedDelay(300)));
        this.traffic.resetCounts();

        List<Outcome<Transaction>> outcomes = Concurrently.run(15,
                () -> this.payments.charge(ChargeRequest.of("pm_many", 100)));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.succeeded()).isTrue());
        assertThat(this.traffic.counters(PaymentGateway.ROUTE).peakInFlight()).isBetween(6, 10);
        assertThat(requests("pm_many")).isEqualTo(15);
    }

    @Test
    void aCallerWaitingLongerThanMaxWaitIsRejected() throws Exception {
        // Ten calls hold the bulkhead for 1.8 s (well within the 3 s HTTP timeout); the eleventh waits max-wait (1 s)
        // and gives up.
        wiremock.stubFor(charge("pm_hold").willReturn(okJson(TRANSACTION).withFixedDelay(1800)));

        List<Outcome<Transaction>> outcomes = Concurrently.run(11,
                () -> this.payments.charge(ChargeRequest.of("pm_hold", 100)));

        assertThat(outcomes).filteredOn(outcome -> outcome.failure() instanceof BulkheadFullException).hasSize(1);
        assertThat(outcomes).as("%s", outcomes).filteredOn(Outcome::succeeded).hasSize(10);
        assertThat(requests("pm_hold")).isEqualTo(10);
    }

    @Test
    void anOutageOpensTheCircuitWhichThenRejectsWithoutCalling() {
        wiremock.stubFor(charge("pm_outage").willReturn(serviceUnavailable()));

        for (int i = 0; i < 10; i++) { // minimum-calls 10, failure rate 100% >= 50%
            assertThatThrownBy(() -> this.payments.charge(ChargeRequest.of("pm_outage", 100)))
                .isInstanceOf(ServiceUnavailableException.class);
        }
        assertThat(breaker().state()).isEqualTo(CircuitBreaker.State.OPEN);

        assertThatThrownBy(() -> this.payments.charge(ChargeRequest.of("pm_outage", 100)))
            .isInstanceOf(CircuitOpenException.class);
        assertThat(requests("pm_outage")).isEqualTo(10);
    }

    @Test
    void theCircuitClosesAgainOnceTheOutageIsOver() {
        wiremock.stubFor(charge("pm_recover").willReturn(serviceUnavailable()));
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> this.payments.charge(ChargeRequest.of("pm_recover", 100)))
                .isInstanceOf(ServiceUnavailableException.class);
        }
        assertThat(breaker().state()).isEqualTo(CircuitBreaker.State.OPEN);
        wiremock.stubFor(charge("pm_recover").willReturn(okJson(TRANSACTION)));

        // After the open timeout the next call is the half-open probe; its success closes the circuit.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try {
                this.payments.charge(ChargeRequest.of("pm_recover", 100));
                return true;
            }
            catch (CircuitOpenException stillOpen) {
                return false;
            }
        });
        assertThat(breaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(requests("pm_recover")).isEqualTo(11);
    }

    @Test
    void declinedPaymentsNeverOpenTheCircuit() {
        wiremock.stubFor(charge("pm_card_declined").willReturn(status(402)));

        for (int i = 0; i < 12; i++) {
            assertThatThrownBy(() -> this.payments.charge(ChargeRequest.of("pm_card_declined", 100)))
                .isInstanceOf(PaymentDeclinedException.class);
        }

        assertThat(breaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(requests("pm_card_declined")).isEqualTo(12);
    }

    private CircuitBreaker breaker() {
        return this.breakers.instance("payment");
    }

    private static MappingBuilder charge(String paymentMethod) {
        return post(CHARGES).withRequestBody(matchingJsonPath("$.paymentMethod", containing(paymentMethod)));
    }

    private static int requests(String paymentMethod) {
        return WireMockDownstream.count(postRequestedFor(urlPathEqualTo(CHARGES))
            .withRequestBody(matchingJsonPath("$.paymentMethod", containing(paymentMethod))));
    }
}
