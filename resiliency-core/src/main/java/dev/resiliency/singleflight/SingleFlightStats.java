package dev.resiliency.singleflight;

/**
 * A snapshot of a {@link SingleFlight}.
 *
 * @param inFlight         keys with a call running right now (in this process)
 * @param leaderCalls      cumulative: calls that ran their own callable or supplier, or (with a backend) asked the
 *                         backend for the key (events with {@code shared=false})
 * @param sharedCalls      cumulative: calls that joined a flight already running for an equal key in this process
 * @param backendFallbacks cumulative: leader calls decided without the backend because it was unreachable, run
 *                         locally or rejected (always 0 without a backend)
 */
public record SingleFlightStats(int inFlight, long leaderCalls, long sharedCalls, long backendFallbacks) {

    /** A snapshot of a single flight without a backend. */
    public SingleFlightStats(int inFlight, long leaderCalls, long sharedCalls) {
        this(inFlight, leaderCalls, sharedCalls, 0L);
    }
}
