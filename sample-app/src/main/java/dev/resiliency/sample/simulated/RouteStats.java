package dev.resiliency.sample.simulated;

/**
 * What one route of the simulated downstream has served since the last reset, as seen by the server. Requests a
 * client gave up on still count as in flight until their simulated latency has passed.
 *
 * @param requests        requests received
 * @param ok              answered 2xx
 * @param unavailable     answered 503 (error rate or outage)
 * @param rateLimited     answered 429
 * @param hung            left without an answer (timeout rate)
 * @param clientErrors    answered 4xx for a bad request, a declined payment or an unknown resource
 * @param inFlight        requests being served now
 * @param peakInFlight    most requests served at once
 */
public record RouteStats(long requests, long ok, long unavailable, long rateLimited, long hung, long clientErrors,
        int inFlight, int peakInFlight) {
}
