package dev.resiliency.sample.demo;

import dev.resiliency.CircuitOpenException;
import dev.resiliency.SemaphoreRejectedException;
import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.hedged.HedgedStats;
import dev.resiliency.sample.cache.CacheNames;
import dev.resiliency.sample.downstream.Downstream;
import dev.resiliency.sample.downstream.DownstreamTraffic;
import dev.resiliency.sample.inventory.Inventory;
import dev.resiliency.sample.payment.ChargeRequest;
import dev.resiliency.sample.payment.PaymentGateway;
import dev.resiliency.sample.product.ProductSections;
import dev.resiliency.sample.search.SearchClient;
import dev.resiliency.sample.search.SearchQuery;
import dev.resiliency.sample.search.SearchResults;
import dev.resiliency.sample.simulated.SettingsUpdate;
import dev.resiliency.sample.simulated.SimulatedDownstream;
import dev.resiliency.sample.simulated.SimulationSettings;
import dev.resiliency.sample.user.UserProfileService;
import dev.resiliency.semaphore.WeightedSemaphore;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import dev.resiliency.spring.registry.HedgedRegistry;
import dev.resiliency.spring.registry.WeightedSemaphoreRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * The demo's scripted scenarios, each driving the simulated downstream into the situation it shows and measuring
 * through the very beans the REST API uses.
 */
final class DemoScenarios {

    private final Sizes sizes;
    private final Progress progress;
    private final SimulatedDownstream simulated;
    private final UserProfileService users;
    private final CacheManager caches;
    private final SearchClient search;
    private final Downstream downstream;
    private final HedgedRegistry hedges;
    private final ProductSections sections;
    private final CircuitBreakerRegistry breakers;
    private final PaymentGateway gateway;
    private final WeightedSemaphoreRegistry semaphores;
    private final DownstreamTraffic traffic;

    DemoScenarios(Sizes sizes, Progress progress, SimulatedDownstream simulated, UserProfileService users,
            CacheManager caches, SearchClient search, Downstream downstream, HedgedRegistry hedges,
            ProductSections sections, CircuitBreakerRegistry breakers, PaymentGateway gateway,
            WeightedSemaphoreRegistry semaphores, DownstreamTraffic traffic) {
        this.sizes = sizes;
        this.progress = progress;
        this.simulated = simulated;
        this.users = users;
        this.caches = caches;
        this.search = search;
        this.downstream = downstream;
        this.hedges = hedges;
        this.sections = sections;
        this.breakers = breakers;
        this.gateway = gateway;
        this.semaphores = semaphores;
        this.traffic = traffic;
    }

    /** How big each scenario is: the full demo, or the short form for CI. */
    record Sizes(String form, int herdCallers, int searches, int searchConcurrency, int charges) {

        static Sizes of(boolean full) {
            return full ? new Sizes("full", 50, 400, 4, 40) : new Sizes("short", 50, 200, 4, 20);
        }
    }

    /**
     * One request through each client before measuring anything: a cold JVM (class loading, JIT, the first
     * connection) can stall a first request for seconds on a busy machine, past the HTTP timeout, and the demo would
     * then show a retry where it means to show something else.
     */
    void warmUp() throws Exception {
        this.simulated.reset(SimulationSettings.fixed(5));
        for (int i = 0; i < 3; i++) {
            int round = i;
            warm(() -> this.users.get(1 + round));
            warm(() -> this.search.search("warm-up"));
            warm(() -> this.downstream.post(SearchClient.ROUTE, "/search", new SearchQuery("warm-up"),
                    SearchResults.class));
            warm(() -> this.sections.inventory("sku-warm-up-" + round));
            warm(() -> this.gateway.charge(ChargeRequest.of("pm_card_visa", 100)));
        }
        this.breakers.instance("inventory").reset();
    }

    private static void warm(Callable<?> call) {
        try {
            call.call();
        }
        catch (Exception ignored) {
            // a cold first call may fail: that is what warming up is for
        }
    }

    /** 50 concurrent requests for one user, all missing the cache: one downstream call. */
    DemoReport.Herd thunderingHerd() throws Exception {
        long userId = 4242;
        this.simulated.reset(SimulationSettings.fixed(300)); // slow enough for every caller to join the flight
        Cache cache = this.caches.getCache(CacheNames.USERS);
        if (cache != null) {
            cache.evict(userId);
        }
        this.simulated.resetStats();
        List<Callable<Object>> calls = new ArrayList<>();
        for (int i = 0; i < this.sizes.herdCallers(); i++) {
            calls.add(() -> this.users.get(userId));
        }
        List<Object> outcomes = runTogether(calls, "concurrent requests for user " + userId);
        int served = (int) outcomes.stream().filter(outcome -> !(outcome instanceof Throwable)).count();
        String failure = outcomes.stream().filter(Throwable.class::isInstance).findFirst().map(Object::toString)
            .orElse(null);
        return new DemoReport.Herd(this.sizes.herdCallers(), served, this.simulated.stats("users").requests(),
                failure);
    }

    /** Latency percentiles of searches against a heavy-tailed downstream, without and with hedging. */
    DemoReport.Tail tailLatency() throws Exception {
        // 3% of requests in the tail: above 1%, so the p99 without hedging shows it; below 5%, so the p95 hedge delay
        // stays in the body of the distribution and hedges fire early.
        SimulationSettings tail = new SimulationSettings(20, 0.35, 0.03, 500, 2500, 0, 0, 0, 30_000, false);
        this.simulated.reset(tail);
        long[] plain = measure("searches without hedging", query ->
                this.downstream.post(SearchClient.ROUTE, "/search", new SearchQuery(query), SearchResults.class));
        HedgedStats before = this.hedges.instance("search").stats();
        long[] hedged = measure("searches with hedging", this.search::search);
        HedgedStats after = this.hedges.instance("search").stats();
        return new DemoReport.Tail(this.sizes.searches(), Latencies.percentile(plain, 50),
                Latencies.percentile(plain, 99), Latencies.percentile(hedged, 50), Latencies.percentile(hedged, 99),
                after.hedgedRequests() - before.hedgedRequests(), after.hedgeWon() - before.hedgeWon());
    }

    /** The inventory circuit opening during an outage, rejecting with no load, and closing after it. */
    DemoReport.Circuit outage() throws Exception {
        CircuitBreaker breaker = this.breakers.instance("inventory");
        breaker.reset();
        this.simulated.reset(SimulationSettings.fixed(10));
        this.simulated.update(SettingsUpdate.outage("inventory", true));
        this.simulated.resetStats();
        int calls = 0;
        int limit = 40;
        while (breaker.state() != CircuitBreaker.State.OPEN && calls < limit) {
            this.sections.inventory("sku-outage-" + calls); // distinct SKUs: no cache, no shared flight
            calls++;
        }
        boolean opened = breaker.state() == CircuitBreaker.State.OPEN;
        this.progress.line("      circuit " + breaker.state() + " after " + calls + " product pages with the "
                + "inventory API down");
        long requestsToOpen = this.simulated.stats("inventory").requests();
        int whileOpen = 10;
        int placeholders = 0;
        for (int i = 0; i < whileOpen; i++) {
            Inventory shown = this.sections.inventory("sku-open-" + i);
            placeholders += shown.available() == null ? 1 : 0;
        }
        long requestsWhileOpen = this.simulated.stats("inventory").requests() - requestsToOpen;
        this.simulated.update(SettingsUpdate.outage("inventory", false));
        long recoveredAt = System.nanoTime();
        Duration openTimeout = breaker.config().openTimeout();
        long deadline = recoveredAt + openTimeout.toNanos() + TimeUnit.SECONDS.toNanos(10);
        boolean closed = false;
        int probes = 0;
        while (!closed && System.nanoTime() < deadline) {
            try {
                this.sections.inventory("sku-recovered-" + probes++);
            }
            catch (CircuitOpenException unexpected) {
                // the fallback turns it into a placeholder; nothing to do
            }
            closed = breaker.state() == CircuitBreaker.State.CLOSED;
            if (!closed) {
                this.progress.update("ms of the open timeout waited",
                        (int) Math.min(openTimeout.toMillis(), (System.nanoTime() - recoveredAt) / 1_000_000),
                        (int) openTimeout.toMillis());
                Thread.sleep(100);
            }
        }
        return new DemoReport.Circuit(opened, calls, requestsToOpen, whileOpen, requestsWhileOpen, placeholders,
                closed, Duration.ofNanos(System.nanoTime() - recoveredAt));
    }

    /** Many concurrent charges: the payment API never sees more than 10 requests in flight, hedges included. */
    DemoReport.Semaphore boundedPayments() throws Exception {
        // 600 ms per charge: past the 500 ms initial hedge delay, so charges hedge (2 requests each) while tokens last.
        this.simulated.reset(SimulationSettings.fixed(600));
        this.traffic.resetCounts();
        WeightedSemaphore semaphore = this.semaphores.instance("payment-gateway");
        HedgedStats before = this.hedges.instance("payment-gateway").stats();
        AtomicInteger peakQueue = new AtomicInteger();
        AtomicInteger tryRejected = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        Thread watcher = new Thread(() -> {
            boolean triedWhileFull = false;
            while (done.getCount() > 0) {
                peakQueue.accumulateAndGet(semaphore.queueLength(), Math::max);
                if (!triedWhileFull && semaphore.queueLength() > 0) {
                    triedWhileFull = true;
                    for (int i = 0; i < 5; i++) {
                        try {
                            this.gateway.tryCharge(ChargeRequest.of("pm_card_visa", 100));
                        }
                        catch (SemaphoreRejectedException rejected) {
                            tryRejected.incrementAndGet();
                        }
                        catch (Exception other) {
                            // counted neither way
                        }
                    }
                }
                try {
                    done.await(5, TimeUnit.MILLISECONDS);
                }
                catch (InterruptedException ex) {
                    return;
                }
            }
        }, "demo-semaphore-watcher");
        watcher.setDaemon(true);
        watcher.start();
        List<Callable<Object>> charges = new ArrayList<>();
        for (int i = 0; i < this.sizes.charges(); i++) {
            charges.add(() -> this.gateway.charge(ChargeRequest.of("pm_card_visa", 1999)));
        }
        long start = System.nanoTime();
        List<Object> outcomes;
        try {
            outcomes = runTogether(charges, "concurrent payment charges");
        }
        finally {
            done.countDown();
            watcher.join(TimeUnit.SECONDS.toMillis(5));
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        int succeeded = (int) outcomes.stream().filter(outcome -> !(outcome instanceof Throwable)).count();
        HedgedStats after = this.hedges.instance("payment-gateway").stats();
        return new DemoReport.Semaphore(this.sizes.charges(), succeeded, semaphore.max(),
                this.traffic.counters(PaymentGateway.ROUTE).peakInFlight(), peakQueue.get(),
                after.hedgedRequests() - before.hedgedRequests(), tryRejected.get(), elapsed);
    }

    /** Leaves the simulated downstream as the application started it. */
    void restore() {
        this.simulated.reset(SimulationSettings.DEFAULTS);
    }

    private long[] measure(String what, QueryCall call) throws Exception {
        int total = this.sizes.searches();
        long[] latencies = new long[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(this.sizes.searchConcurrency());
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < this.sizes.searchConcurrency(); w++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        long start = System.nanoTime();
                        call.search("resilience-" + i);
                        latencies[i] = System.nanoTime() - start;
                        this.progress.update(what, done.incrementAndGet(), total);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
        finally {
            pool.shutdownNow();
        }
        return latencies;
    }

    /** Runs every call at once from its own thread; returns each value, or the Throwable it failed with. */
    private List<Object> runTogether(List<Callable<Object>> calls, String what) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch ready = new CountDownLatch(calls.size());
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger finished = new AtomicInteger();
            List<Future<Object>> futures = new ArrayList<>();
            for (Callable<Object> call : calls) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    try {
                        return call.call();
                    }
                    catch (Exception failure) {
                        return failure;
                    }
                    finally {
                        this.progress.update(what, finished.incrementAndGet(), calls.size());
                    }
                }));
            }
            ready.await();
            go.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> future : futures) {
                outcomes.add(future.get(2, TimeUnit.MINUTES));
            }
            return outcomes;
        }
        finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface QueryCall {
        Object search(String query) throws Exception;
    }
}
