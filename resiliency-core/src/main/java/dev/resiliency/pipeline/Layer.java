package dev.resiliency.pipeline;

/**
 * The layers a {@link ResiliencePipeline} can compose, <b>declared in the canonical order, outermost first</b>.
 * This declaration is the one place in the code that defines the order; the pipeline and the Spring annotations
 * both follow it.
 *
 * <ol>
 *   <li>{@link #FALLBACK}: outermost, so it can degrade any failure, an open circuit included.</li>
 *   <li>{@link #CIRCUIT_BREAKER}: decides call-or-reject before any work is done; records one outcome per caller.</li>
 *   <li>{@link #SINGLE_FLIGHT}: deduplicates before anything is spent: collapsed callers take no token, no permit.</li>
 *   <li>{@link #RATE_LIMITER}: after deduplication (collapsed callers spend one token), before concurrency limits.</li>
 *   <li>{@link #BULKHEAD}: bounds concurrent calls.</li>
 *   <li>{@link #WEIGHTED_SEMAPHORE}: bounds weighted concurrency; weight = the hedge's max requests bounds the
 *       real number of in-flight requests.</li>
 *   <li>{@link #RETRY}: retries total failures; each attempt is hedged.</li>
 *   <li>{@link #HEDGED}: innermost, applied per attempt: handles slowness.</li>
 * </ol>
 */
public enum Layer {
    FALLBACK,
    CIRCUIT_BREAKER,
    SINGLE_FLIGHT,
    RATE_LIMITER,
    BULKHEAD,
    WEIGHTED_SEMAPHORE,
    RETRY,
    HEDGED
}
