package dev.resiliency.ratelimiter;

import dev.resiliency.BackendFailureMode;
import dev.resiliency.BackendUnavailableException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link SharedBucket} guarded by the {@link BackendFailureMode}: while the backend answers, it decides; while it
 * is unavailable or throws, the rate limiter's own local bucket decides ({@code LOCAL}) or the call is refused
 * ({@code REJECT}). Only built when a backend is configured, so a local rate limiter never pays for any of this.
 */
final class BackedBucket {

    private final String name;
    private final SharedBucket shared;
    private final TokenBucket local;
    private final BackendFailureMode mode;
    final LongAdder fallbacks = new LongAdder();

    BackedBucket(String name, SharedBucket shared, TokenBucket local, BackendFailureMode mode) {
        this.name = name;
        this.shared = shared;
        this.local = local;
        this.mode = mode;
    }

    SharedBucket shared() {
        return shared;
    }

    /** Same contract as {@link TokenBucket#reserve}; throws {@link BackendUnavailableException} in REJECT mode. */
    long reserve(int weight, long allowanceNanos) {
        if (!shared.isAvailable()) {
            return fallBack(weight, allowanceNanos, null);
        }
        try {
            return shared.reserve(weight, allowanceNanos);
        } catch (RuntimeException unreachable) {
            return fallBack(weight, allowanceNanos, unreachable);
        }
    }

    /** {@link #reserve} without blocking the caller; the future fails only with {@link BackendUnavailableException}. */
    CompletableFuture<Long> reserveAsync(int weight, long allowanceNanos) {
        if (!shared.isAvailable()) {
            return decideLocally(weight, allowanceNanos, null);
        }
        CompletableFuture<Long> remote;
        try {
            remote = shared.reserveAsync(weight, allowanceNanos);
        } catch (RuntimeException unreachable) {
            return decideLocally(weight, allowanceNanos, unreachable);
        }
        CompletableFuture<Long> decided = remote.handle((wait, failure) -> failure == null
                ? CompletableFuture.completedFuture(wait)
                : decideLocally(weight, allowanceNanos, failure)).thenCompose(f -> f);
        decided.whenComplete((wait, failure) -> {
            if (decided.isCancelled()) {
                remote.cancel(false);
            }
        });
        return decided;
    }

    double availableTokens() {
        if (shared.isAvailable()) {
            try {
                return shared.availableTokens();
            } catch (RuntimeException unreachable) {
                // report what the fallback would grant
            }
        }
        return local.available();
    }

    void reset() {
        local.refill();
        try {
            shared.reset();
        } catch (RuntimeException unreachable) {
            throw new BackendUnavailableException(name, "Rate limiter '" + name
                    + "': the shared bucket could not be reset (the local one was)", unreachable);
        }
    }

    private CompletableFuture<Long> decideLocally(int weight, long allowanceNanos, Throwable cause) {
        try {
            return CompletableFuture.completedFuture(fallBack(weight, allowanceNanos, cause));
        } catch (BackendUnavailableException rejected) {
            return CompletableFuture.failedFuture(rejected);
        }
    }

    private long fallBack(int weight, long allowanceNanos, Throwable cause) {
        fallbacks.increment();
        if (mode == BackendFailureMode.REJECT) {
            throw new BackendUnavailableException(name, "Rate limiter '" + name
                    + "' rejected the call: its shared bucket is unreachable (on-backend-failure: reject)", cause);
        }
        return local.reserve(weight, allowanceNanos);
    }
}
