package dev.resiliency.sample.downstream;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Counts, per downstream route, the HTTP requests this application sends and how many are in flight at once (with
 * the peak), as seen from the client side: a hedge cancelled by the winner stops counting the moment its thread is
 * interrupted, whatever the server still does. The demo reads it to show the weighted semaphore bounding in-flight
 * payment requests at 10.
 */
public final class DownstreamTraffic implements ClientHttpRequestInterceptor {

    /** Request attribute naming the route of a request; set by {@link Downstream}. */
    static final String ROUTE = DownstreamTraffic.class.getName() + ".route";

    private final Map<String, Counters> routes = new ConcurrentHashMap<>();

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        Object route = request.getAttributes().get(ROUTE);
        Counters counters = counters(route != null ? route.toString() : "other");
        counters.started();
        try {
            return execution.execute(request, body);
        }
        finally {
            counters.finished();
        }
    }

    /** The counters of one route (created on first use). */
    public Counters counters(String route) {
        return this.routes.computeIfAbsent(route, key -> new Counters());
    }

    /** Zeroes every request count and peak (the in-flight figures keep their live value). */
    public void resetCounts() {
        this.routes.values().forEach(Counters::reset);
    }

    /** Requests sent and in flight for one route. */
    public static final class Counters {

        private final LongAdder requests = new LongAdder();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger peak = new AtomicInteger();

        void started() {
            this.requests.increment();
            int now = this.inFlight.incrementAndGet();
            this.peak.accumulateAndGet(now, Math::max);
        }

        void finished() {
            this.inFlight.decrementAndGet();
        }

        void reset() {
            this.requests.reset();
            this.peak.set(this.inFlight.get());
        }

        /** Requests started since the last reset. */
        public long requests() {
            return this.requests.sum();
        }

        /** Requests in flight now. */
        public int inFlight() {
            return this.inFlight.get();
        }

        /** The most requests in flight at once since the last reset. */
        public int peakInFlight() {
            return this.peak.get();
        }
    }
}
