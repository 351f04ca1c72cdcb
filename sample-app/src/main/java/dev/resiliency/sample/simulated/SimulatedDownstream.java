package dev.resiliency.sample.simulated;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The behaviour and counters of the simulated downstream. Every answer is delayed on a single timer thread, never
 * by a sleeping request thread, so a thousand slow or hanging requests cost no threads (the controller returns
 * the future and Spring MVC completes the request asynchronously).
 */
@Component
@ConditionalOnWebApplication
@ConditionalOnProperty(name = "sample.simulated.enabled", matchIfMissing = true)
public class SimulatedDownstream implements DisposableBean {

    /** The routes the simulated downstream serves. */
    public static final String[] ROUTES = { "search", "payments", "users", "inventory", "catalog", "reviews" };

    private final AtomicReference<State> state = new AtomicReference<>(new State(SimulationSettings.DEFAULTS, Map.of()));
    private final Map<String, RouteCounters> counters = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    public SimulatedDownstream() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "simulated-downstream-timer");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.timer = executor;
    }

    /** The settings in force for a route: its own overrides on top of the global settings. */
    public SimulationSettings settings(String route) {
        State current = this.state.get();
        SettingsUpdate override = current.routes().get(route);
        return override != null ? current.global().with(override) : current.global();
    }

    /** The global settings and the per-route overrides, as {@code GET /simulated/settings} shows them. */
    public Map<String, Object> describeSettings() {
        State current = this.state.get();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("global", current.global());
        Map<String, SimulationSettings> routes = new TreeMap<>();
        current.routes().keySet().forEach(route -> routes.put(route, settings(route)));
        view.put("routes", routes);
        return view;
    }

    /**
     * Applies an update: to one route when it names one, else to the global settings.
     *
     * @throws IllegalArgumentException for an unknown route or a value out of range (nothing changes)
     */
    public void update(SettingsUpdate update) {
        if (update.route() != null && !isRoute(update.route())) {
            throw new IllegalArgumentException("route must be one of " + String.join(", ", ROUTES) + ", got: "
                    + update.route());
        }
        this.state.updateAndGet(current -> {
            if (update.route() == null) {
                return new State(current.global().with(update), current.routes());
            }
            SettingsUpdate merged = merge(current.routes().get(update.route()), update);
            current.global().with(merged); // validates the combination before anything changes
            Map<String, SettingsUpdate> routes = new TreeMap<>(current.routes());
            routes.put(update.route(), merged);
            return new State(current.global(), Map.copyOf(routes));
        });
    }

    /** Back to {@link SimulationSettings#DEFAULTS} (or {@code settings}) everywhere, no route overrides. */
    public void reset(SimulationSettings settings) {
        this.state.set(new State(settings, Map.of()));
    }

    /** The counters of every route that was called, by route name. */
    public Map<String, RouteStats> stats() {
        Map<String, RouteStats> stats = new TreeMap<>();
        this.counters.forEach((route, counters) -> stats.put(route, counters.snapshot()));
        return stats;
    }

    /** The counters of one route (all zero if it was never called). */
    public RouteStats stats(String route) {
        return counters(route).snapshot();
    }

    /** Zeroes every counter and peak. */
    public void resetStats() {
        this.counters.values().forEach(RouteCounters::reset);
    }

    /**
     * Serves one request: decides its fate from the route's settings, and completes the returned future after the
     * simulated latency with {@code answer}'s response (or a 503/429), or never within {@code hangMs}.
     *
     * @param answer the successful answer, or a client error ({@code 4xx}) the request deserves
     */
    public CompletableFuture<ResponseEntity<Object>> serve(String route, Supplier<ResponseEntity<Object>> answer) {
        SimulationSettings settings = settings(route);
        RouteCounters counters = counters(route);
        long index = counters.started();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        ResponseEntity<Object> response;
        long delayMillis;
        Outcome outcome;
        if (settings.outage()) {
            outcome = Outcome.UNAVAILABLE;
            delayMillis = 0; // a load balancer with no healthy backend answers at once
        }
        else {
            delayMillis = LatencyModel.sampleMillis(settings,
                    LatencyModel.inTail(index, settings.tailProbability()), random);
            double draw = random.nextDouble();
            if (draw < settings.errorRate()) {
                outcome = Outcome.UNAVAILABLE;
            }
            else if (draw < settings.errorRate() + settings.rateLimitRate()) {
                outcome = Outcome.RATE_LIMITED;
            }
            else if (draw < settings.errorRate() + settings.rateLimitRate() + settings.timeoutRate()) {
                outcome = Outcome.HUNG;
                delayMillis = settings.hangMs();
            }
            else {
                outcome = Outcome.ANSWERED;
            }
        }
        response = switch (outcome) {
            case UNAVAILABLE -> ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(Map.of("error", "service_unavailable", "route", route));
            case RATE_LIMITED -> ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(Map.of("error", "rate_limited", "route", route));
            case HUNG -> ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT)
                .body(Map.of("error", "timeout", "route", route));
            case ANSWERED -> answer.get();
        };
        CompletableFuture<ResponseEntity<Object>> future = new CompletableFuture<>();
        Runnable complete = () -> {
            counters.finished(outcome, response.getStatusCode().value());
            future.complete(response);
        };
        if (delayMillis <= 0) {
            complete.run();
        }
        else {
            this.timer.schedule(complete, delayMillis, TimeUnit.MILLISECONDS);
        }
        return future;
    }


    static boolean isRoute(String route) {
        for (String known : ROUTES) {
            if (known.equals(route)) {
                return true;
            }
        }
        return false;
    }

    private RouteCounters counters(String route) {
        return this.counters.computeIfAbsent(route, key -> new RouteCounters());
    }

    private static SettingsUpdate merge(SettingsUpdate base, SettingsUpdate update) {
        if (base == null) {
            return update;
        }
        return new SettingsUpdate(update.route(), first(update.latencyMedianMs(), base.latencyMedianMs()),
                first(update.latencySigma(), base.latencySigma()),
                first(update.tailProbability(), base.tailProbability()),
                first(update.tailLatencyMs(), base.tailLatencyMs()), first(update.maxLatencyMs(), base.maxLatencyMs()),
                first(update.errorRate(), base.errorRate()), first(update.rateLimitRate(), base.rateLimitRate()),
                first(update.timeoutRate(), base.timeoutRate()), first(update.hangMs(), base.hangMs()),
                first(update.outage(), base.outage()));
    }

    private static <T> T first(T value, T otherwise) {
        return value != null ? value : otherwise;
    }

    @Override
    public void destroy() {
        this.timer.shutdownNow();
    }

    enum Outcome {
        ANSWERED, UNAVAILABLE, RATE_LIMITED, HUNG
    }

    private record State(SimulationSettings global, Map<String, SettingsUpdate> routes) {
    }
}
