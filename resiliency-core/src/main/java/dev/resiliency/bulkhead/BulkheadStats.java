package dev.resiliency.bulkhead;

/**
 * A snapshot of a {@link Bulkhead}.
 *
 * @param maxConcurrent the configured number of permits
 * @param active        permits currently held (calls running); right after {@link Bulkhead#reset()} the calls that
 *                      were running are no longer counted
 * @param available     {@code maxConcurrent - active}, never negative
 * @param waiting       callers queued for a permit
 * @param permitted     calls admitted since the bulkhead was built (cumulative)
 * @param rejected      calls rejected since the bulkhead was built: at once, after their wait ran out, or by
 *                      {@link Bulkhead#reset()} (cumulative)
 */
public record BulkheadStats(int maxConcurrent, int active, int available, int waiting, long permitted, long rejected) {
}
