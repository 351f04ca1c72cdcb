package dev.resiliency.sample.payment;

/** The body the payment API expects: {@code {"paymentMethod": ..., "amount": ..., "currency": "usd"}}. */
public record Charge(String paymentMethod, long amount, String currency) {
}
