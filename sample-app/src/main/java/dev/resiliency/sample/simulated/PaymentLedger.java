package dev.resiliency.sample.simulated;

import dev.resiliency.sample.payment.Charge;
import dev.resiliency.sample.payment.Transaction;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated payment API's idempotency: a charge repeated with the same {@code Idempotency-Key} (a hedge, a
 * retry) returns the first transaction instead of charging twice, as real payment APIs do.
 */
final class PaymentLedger {

    /** Keys remembered; past this the ledger starts over (it is a simulation, not a bank). */
    private static final int CAPACITY = 100_000;

    private final Map<String, Transaction> byKey = new ConcurrentHashMap<>();

    Transaction charge(String idempotencyKey, Charge charge) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return newTransaction(charge);
        }
        if (this.byKey.size() >= CAPACITY) {
            this.byKey.clear();
        }
        return this.byKey.computeIfAbsent(idempotencyKey, key -> newTransaction(charge));
    }

    private static Transaction newTransaction(Charge charge) {
        return new Transaction("ch_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16), "succeeded",
                charge.amount(), charge.currency(), charge.paymentMethod());
    }
}
