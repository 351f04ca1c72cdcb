package dev.resiliency.circuitbreaker;

/**
 * A snapshot of a {@link CircuitBreaker}.
 *
 * <p>The window figures ({@code total}, {@code failures}, {@code slowCalls} and the two rates) come from the
 * half-open probe window while {@link CircuitBreaker.State#HALF_OPEN HALF_OPEN}, and from the main window
 * otherwise; while open (or forced open) they still show the window that tripped the breaker, and rejected
 * calls are not in them. Rates are {@code 0.0} when {@code total} is 0.
 *
 * <p>The four {@code ...Calls} counters are cumulative since the breaker was built (never reset): every
 * permitted call ends as exactly one of successful, failed or ignored, whether or not its outcome still
 * counted in the window; every rejection is counted in {@code rejectedCalls}.
 *
 * @param state           the current state
 * @param total           outcomes in the window
 * @param failures        failed outcomes in the window
 * @param slowCalls       slow outcomes in the window (a call can be both failed and slow)
 * @param failureRate     {@code failures / total}
 * @param slowCallRate    {@code slowCalls / total}
 * @param successfulCalls calls recorded as successes since build
 * @param failedCalls     calls recorded as failures since build
 * @param ignoredCalls    calls whose outcome was ignored since build
 * @param rejectedCalls   calls rejected since build
 */
public record CircuitBreakerStats(CircuitBreaker.State state, int total, int failures, int slowCalls,
        double failureRate, double slowCallRate,
        long successfulCalls, long failedCalls, long ignoredCalls, long rejectedCalls) {
}
