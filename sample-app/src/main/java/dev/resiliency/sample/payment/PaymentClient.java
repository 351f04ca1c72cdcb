package dev.resiliency.sample.payment;

import dev.resiliency.sample.downstream.Downstream;
import dev.resiliency.spring.annotation.Bulkhead;
import dev.resiliency.spring.annotation.CircuitBreaker;
import org.springframework.stereotype.Service;

/**
 * The guide's "CircuitBreaker + Bulkhead" pattern: the breaker ({@code resiliency.circuit-breaker.payment}: opens
 * at a 50% failure rate, stays open 30 s) rejects calls at once while the payment API is known to be down, without
 * taking a bulkhead permit; while it is up the bulkhead ({@code resiliency.bulkhead.payment}: 10 concurrent calls,
 * waiting up to 5 s for a permit) keeps this application from overwhelming it.
 *
 * <p>A declined payment (402) is the customer's problem, not the API's: the breaker ignores it
 * ({@code ignore-exceptions}), so a run of declines cannot open the circuit.
 */
@Service
public class PaymentClient {

    private final Downstream downstream;

    public PaymentClient(Downstream downstream) {
        this.downstream = downstream;
    }

    /**
     * Charges a payment method.
     *
     * @throws dev.resiliency.CircuitOpenException the circuit is open (the guide's {@code :service_degraded})
     * @throws dev.resiliency.BulkheadFullException no permit within 5 s
     * @throws dev.resiliency.sample.downstream.DownstreamException the payment API's error
     */
    @CircuitBreaker("payment")
    @Bulkhead("payment")
    public Transaction charge(ChargeRequest request) {
        return this.downstream.post(PaymentGateway.ROUTE, "/payments/v1/charges",
                new Charge(request.paymentMethod(), request.amountCents(), "usd"), Transaction.class,
                headers -> headers.set("Idempotency-Key", request.idempotencyKey()));
    }
}
