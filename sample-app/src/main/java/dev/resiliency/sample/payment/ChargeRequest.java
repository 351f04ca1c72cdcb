package dev.resiliency.sample.payment;

import java.util.UUID;

/**
 * A charge to make.
 *
 * @param paymentMethod  the payment method id, e.g. {@code pm_card_visa} ({@code pm_card_declined} is declined by
 *                       the simulated downstream)
 * @param amountCents    the amount in cents (the simulated downstream answers 400 for an amount below 1)
 * @param idempotencyKey sent as {@code Idempotency-Key}: it is created once per charge, outside the hedged call,
 *                       so that the primary request and its hedge carry the same key and the payment API charges
 *                       once however many copies reach it
 */
public record ChargeRequest(String paymentMethod, long amountCents, String idempotencyKey) {

    /** A charge with a fresh idempotency key. */
    public static ChargeRequest of(String paymentMethod, long amountCents) {
        return new ChargeRequest(paymentMethod, amountCents, UUID.randomUUID().toString());
    }
}
