package dev.resiliency.sample.payment;

import dev.resiliency.hedged.Hedged;
import dev.resiliency.sample.downstream.Downstream;
import dev.resiliency.semaphore.WeightedSemaphore;
import dev.resiliency.spring.registry.HedgedRegistry;
import dev.resiliency.spring.registry.WeightedSemaphoreRegistry;
import org.springframework.stereotype.Service;

/**
 * The guide's "Hedged Requests + WeightedSemaphore" pattern: payment charges are hedged (p99 delay, from 500 ms
 * until enough samples) to cut tail latency, and every hedged execution takes weight 2 of a semaphore of 10,
 * because it may put 2 requests on the wire: the payment API sees at most 10 in-flight requests from this node,
 * hedges included.
 *
 * <p>{@link #charge} queues (FIFO) for the semaphore up to {@code sample.payment-gateway.acquire-timeout} (10 s, the
 * semaphore row of the guide's timeout budget) and then fails with a {@code ResiliencyTimeoutException} (the
 * guide's {@code :throttled}); {@link #tryCharge} never waits and fails at once with a
 * {@code SemaphoreRejectedException} (the guide's {@code :rejected}) to shed load at the edge.
 */
@Service
public class PaymentGateway {

    /** The route name of the payment API in counts and errors. */
    public static final String ROUTE = "payments";
    /** Semaphore weight of one hedged execution: its primary plus at most one hedge ({@code max-requests: 2}). */
    public static final int WEIGHT = 2;

    private final Downstream downstream;
    private final WeightedSemaphore semaphore;
    private final Hedged hedged;

    /**
     * The semaphore and hedging instances are the very ones the annotations on {@link #charge} use (the registries
     * share them), so {@link #tryCharge} competes for the same 10 permits and feeds the same latency tracker.
     */
    public PaymentGateway(Downstream downstream, WeightedSemaphoreRegistry semaphores, HedgedRegistry hedges) {
        this.downstream = downstream;
        this.semaphore = semaphores.instance("payment-gateway");
        this.hedged = hedges.instance("payment-gateway");
    }

    /**
     * Charges a payment method, waiting in line for capacity.
     *
     * @throws dev.resiliency.ResiliencyTimeoutException no capacity within the acquire timeout (throttled)
     * @throws dev.resiliency.sample.downstream.PaymentDeclinedException the payment was declined (402)
     */
    @dev.resiliency.spring.annotation.WeightedSemaphore(value = "payment-gateway", weight = WEIGHT,
            timeout = "${sample.payment-gateway.acquire-timeout:10s}")
    @dev.resiliency.spring.annotation.Hedged("payment-gateway")
    public Transaction charge(ChargeRequest request) {
        return send(request);
    }

    /**
     * Charges a payment method only if capacity is free right now: the non-blocking variant.
     *
     * @throws dev.resiliency.SemaphoreRejectedException at capacity, or others already queued (rejected)
     */
    public Transaction tryCharge(ChargeRequest request) throws Exception {
        return this.semaphore.tryAcquire(WEIGHT, () -> this.hedged.call(() -> send(request)));
    }

    private Transaction send(ChargeRequest request) {
        return this.downstream.post(ROUTE, "/payments/v1/charges",
                new Charge(request.paymentMethod(), request.amountCents(), "usd"), Transaction.class,
                headers -> headers.set("Idempotency-Key", request.idempotencyKey()));
    }
}
