package dev.resiliency.spring.actuate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.resiliency.bulkhead.Bulkhead;
import dev.resiliency.bulkhead.BulkheadStats;
import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.circuitbreaker.CircuitBreakerStats;
import dev.resiliency.semaphore.WeightedSemaphore;
import dev.resiliency.semaphore.WeightedSemaphoreStats;
import dev.resiliency.spring.registry.BulkheadRegistry;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import dev.resiliency.spring.registry.WeightedSemaphoreRegistry;

/**
 * The {@code resiliency} health contributor: details for every circuit breaker, bulkhead and weighted semaphore.
 *
 * <p>The status is UP unless an instance configured with {@code health-affects-status: true} is unhealthy: a
 * circuit breaker OPEN or FORCED_OPEN, a bulkhead or a semaphore with no permit left. Every other instance only
 * reports its state in the details: a downstream outage opens circuits, and an orchestrator that restarted the
 * pods for it would only add an outage of its own. The unhealthy instances are listed under {@code unhealthy}.
 */
public class ResiliencyHealthIndicator implements HealthIndicator {

    static final String AFFECTS_STATUS = "healthAffectsStatus";

    private final CircuitBreakerRegistry circuitBreakers;
    private final BulkheadRegistry bulkheads;
    private final WeightedSemaphoreRegistry semaphores;

    /** Any registry may be null (that kind is then left out). */
    public ResiliencyHealthIndicator(CircuitBreakerRegistry circuitBreakers, BulkheadRegistry bulkheads,
            WeightedSemaphoreRegistry semaphores) {
        this.circuitBreakers = circuitBreakers;
        this.bulkheads = bulkheads;
        this.semaphores = semaphores;
    }

    @Override
    public Health health() {
        List<String> unhealthy = new ArrayList<>();
        Health.Builder health = Health.up();
        if (this.circuitBreakers != null) {
            health.withDetail(CircuitBreakerRegistry.KIND, describe(this.circuitBreakers.instances(),
                    CircuitBreaker::name, breaker -> circuitBreaker(breaker, unhealthy)));
        }
        if (this.bulkheads != null) {
            health.withDetail(BulkheadRegistry.KIND, describe(this.bulkheads.instances(), Bulkhead::name,
                    bulkhead -> bulkhead(bulkhead, unhealthy)));
        }
        if (this.semaphores != null) {
            health.withDetail(WeightedSemaphoreRegistry.KIND, describe(this.semaphores.instances(),
                    WeightedSemaphore::name, semaphore -> semaphore(semaphore, unhealthy)));
        }
        if (!unhealthy.isEmpty()) {
            health.down().withDetail("unhealthy", unhealthy);
        }
        return health.build();
    }

    private Map<String, Object> circuitBreaker(CircuitBreaker breaker, List<String> unhealthy) {
        CircuitBreakerStats stats = breaker.stats();
        boolean affects = this.circuitBreakers.healthAffectsStatus(breaker.name());
        boolean open = stats.state() == CircuitBreaker.State.OPEN || stats.state() == CircuitBreaker.State.FORCED_OPEN;
        if (affects && open) {
            unhealthy.add(CircuitBreakerRegistry.KIND + "/" + breaker.name());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", stats.state().name());
        details.put("failureRate", stats.failureRate());
        details.put("slowCallRate", stats.slowCallRate());
        details.put("bufferedCalls", stats.total());
        details.put(AFFECTS_STATUS, affects);
        return details;
    }

    private Map<String, Object> bulkhead(Bulkhead bulkhead, List<String> unhealthy) {
        BulkheadStats stats = bulkhead.stats();
        boolean affects = this.bulkheads.healthAffectsStatus(bulkhead.name());
        boolean full = stats.available() == 0;
        if (affects && full) {
            unhealthy.add(BulkheadRegistry.KIND + "/" + bulkhead.name());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("maxConcurrent", stats.maxConcurrent());
        details.put("active", stats.active());
        details.put("available", stats.available());
        details.put("waiting", stats.waiting());
        details.put("full", full);
        details.put(AFFECTS_STATUS, affects);
        return details;
    }

    private Map<String, Object> semaphore(WeightedSemaphore semaphore, List<String> unhealthy) {
        WeightedSemaphoreStats stats = semaphore.stats();
        boolean affects = this.semaphores.healthAffectsStatus(semaphore.name());
        boolean full = stats.available() == 0;
        if (affects && full) {
            unhealthy.add(WeightedSemaphoreRegistry.KIND + "/" + semaphore.name());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("max", stats.max());
        details.put("used", stats.used());
        details.put("available", stats.available());
        details.put("queueLength", stats.queueLength());
        details.put("full", full);
        details.put(AFFECTS_STATUS, affects);
        return details;
    }

    private static <X> Map<String, Object> describe(Iterable<X> instances, Function<X, String> name,
            Function<X, Map<String, Object>> details) {
        List<X> sorted = new ArrayList<>();
        instances.forEach(sorted::add);
        sorted.sort(Comparator.comparing(name));
        Map<String, Object> byName = new LinkedHashMap<>();
        for (X instance : sorted) {
            byName.put(name.apply(instance), details.apply(instance));
        }
        return byName;
    }
}
