package dev.resiliency.sample.payment;

/** A completed charge, as the payment API answers it. */
public record Transaction(String id, String status, long amount, String currency, String paymentMethod) {
}
