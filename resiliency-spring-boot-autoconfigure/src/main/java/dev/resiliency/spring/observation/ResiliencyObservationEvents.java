package dev.resiliency.spring.observation;

import io.micrometer.observation.Observation;

/**
 * The {@link Observation.Event}s of an annotated call: {@value #RETRY} (contextual name {@code retry attempt N}, N
 * from 2) and {@value #HEDGE} ({@code hedge request N}, N from 2 within its attempt). Micrometer's meter handler
 * counts them as {@code resiliency.call.retry} and {@code resiliency.call.hedge}; a tracer records them as span
 * events. The first few are built once, so an event usually allocates nothing.
 */
public final class ResiliencyObservationEvents {

    /** The name of the retry event. */
    public static final String RETRY = "retry";

    /** The name of the hedge event. */
    public static final String HEDGE = "hedge";

    private static final int CACHED = 16;
    private static final Observation.Event[] RETRIES = new Observation.Event[CACHED];
    private static final Observation.Event[] HEDGES = new Observation.Event[CACHED];

    static {
        for (int i = 0; i < CACHED; i++) {
            RETRIES[i] = retryEvent(i);
            HEDGES[i] = hedgeEvent(i);
        }
    }

    private ResiliencyObservationEvents() {
    }

    /** The event of retry attempt {@code attempt} (2 for the first retry). */
    public static Observation.Event retry(int attempt) {
        return attempt >= 0 && attempt < CACHED ? RETRIES[attempt] : retryEvent(attempt);
    }

    /** The event of hedged request {@code request} (2 for the first hedge). */
    public static Observation.Event hedge(int request) {
        return request >= 0 && request < CACHED ? HEDGES[request] : hedgeEvent(request);
    }

    private static Observation.Event retryEvent(int attempt) {
        return Observation.Event.of(RETRY, "retry attempt " + attempt);
    }

    private static Observation.Event hedgeEvent(int request) {
        return Observation.Event.of(HEDGE, "hedge request " + request);
    }
}
