package dev.resiliency.sample.simulated;

/**
 * The body of {@code POST /simulated/settings}: every field is optional and only the fields given change. With
 * {@code route} (e.g. {@code "inventory"}) the change applies to that route only, on top of the global settings;
 * without it, to the global settings.
 *
 * <pre>
 * {"errorRate": 0.3}                       30% of all requests answer 503
 * {"route": "inventory", "outage": true}   the inventory API is down, the rest is fine
 * {"tailProbability": 0.1, "tailLatencyMs": 800}
 * </pre>
 */
public record SettingsUpdate(String route, Double latencyMedianMs, Double latencySigma, Double tailProbability,
        Double tailLatencyMs, Double maxLatencyMs, Double errorRate, Double rateLimitRate, Double timeoutRate,
        Long hangMs, Boolean outage) {

    /** An update of the outage switch only. */
    public static SettingsUpdate outage(String route, boolean outage) {
        return new SettingsUpdate(route, null, null, null, null, null, null, null, null, null, outage);
    }
}
