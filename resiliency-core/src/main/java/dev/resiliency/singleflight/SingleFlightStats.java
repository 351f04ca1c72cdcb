package dev.resiliency.singleflight;

/**
 * A snapshot of a {@link SingleFlight}.
 *
 * @param inFlight    keys with a call running right now
 * @param leaderCalls cumulative: calls that ran their own callable or supplier (events with {@code shared=false})
 * @param sharedCalls cumulative: calls that joined a flight already running for an equal key
 */
public record SingleFlightStats(int inFlight, long leaderCalls, long sharedCalls) {
}
