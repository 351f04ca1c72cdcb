package dev.resiliency.spring.registry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import dev.resiliency.retry.BackoffRetry;
import dev.resiliency.spring.config.InvalidResiliencyPropertyException;
import dev.resiliency.spring.config.RetryProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstanceRegistryTest {

    private static RetryProperties retry(Integer maxAttempts) {
        RetryProperties properties = new RetryProperties();
        properties.setMaxAttempts(maxAttempts);
        return properties;
    }

    private static Map<String, RetryProperties> config(Object... nameAndProperties) {
        Map<String, RetryProperties> map = new LinkedHashMap<>();
        for (int i = 0; i < nameAndProperties.length; i += 2) {
            map.put((String) nameAndProperties[i], (RetryProperties) nameAndProperties[i + 1]);
        }
        return map;
    }

    @Test
    void createsConfiguredInstancesEagerly() {
        RetryRegistry registry = new RetryRegistry(config("search", retry(5), "default", retry(4)));

        assertThat(registry.find("search")).map(BackoffRetry::maxAttempts).contains(5);
        assertThat(registry.instances()).extracting(BackoffRetry::name).containsExactly("search");
        assertThat(registry.configuredNames()).containsExactly("search");
    }

    @Test
    void createsUnconfiguredNamesLazilyWithTheDefaultInstancesOptions() {
        RetryRegistry registry = new RetryRegistry(config("default", retry(4)));

        assertThat(registry.find("other")).isEmpty();
        BackoffRetry other = registry.instance("other");

        assertThat(other.maxAttempts()).isEqualTo(4);
        assertThat(registry.find("other")).containsSame(other);
    }

    @Test
    void unconfiguredNameWithoutDefaultGetsBuiltInDefaults() {
        RetryRegistry registry = new RetryRegistry(Map.of());

        assertThat(registry.instance("x").maxAttempts()).isEqualTo(RetryProperties.DEFAULT_MAX_ATTEMPTS);
    }

    @Test
    void sameNameIsTheSameInstance() {
        RetryRegistry registry = new RetryRegistry(Map.of());

        assertThat(registry.instance("a")).isSameAs(registry.instance("a"));
        assertThat(registry.instance("a")).isNotSameAs(registry.instance("b"));
    }

    @Test
    void findNeverCreates() {
        RetryRegistry registry = new RetryRegistry(Map.of());

        assertThat(registry.find("ghost")).isEmpty();
        assertThat(registry.instances()).isEmpty();
    }

    @Test
    void defaultEntryIsNotAnInstance() {
        RetryRegistry registry = new RetryRegistry(config("default", retry(2)));

        assertThat(registry.instances()).isEmpty();
        assertThat(registry.find("default")).isEmpty();
    }

    @Test
    void effectivePropertiesInheritFromDefaultFieldByField() {
        RetryProperties defaults = retry(4);
        defaults.setBackoff("linear");
        RetryProperties named = retry(6);
        RetryRegistry registry = new RetryRegistry(config("default", defaults, "search", named));

        RetryProperties effective = registry.properties("search");
        assertThat(effective.getMaxAttempts()).isEqualTo(6);
        assertThat(effective.getBackoff()).isEqualTo("linear");
        assertThat(effective.getBaseDelay()).isNull();
        assertThat(registry.properties("unknown").getMaxAttempts()).isEqualTo(4);
    }

    @Test
    void nullEntryCountsAsEmpty() {
        Map<String, RetryProperties> map = new LinkedHashMap<>();
        map.put("empty", null);
        RetryRegistry registry = new RetryRegistry(map);

        assertThat(registry.find("empty")).isPresent();
    }

    @Test
    void onCreatedSeesExistingThenFutureInstancesOnce() {
        RetryRegistry registry = new RetryRegistry(config("a", retry(2)));
        List<String> seen = new ArrayList<>();

        registry.onCreated(r -> seen.add(r.name()));
        registry.instance("b");
        registry.instance("b");
        registry.instance("a");

        assertThat(seen).containsExactly("a", "b");
    }

    @Test
    void invalidConfiguredValueNamesThePath() {
        assertThatThrownBy(() -> new RetryRegistry(config("search", retry(0))))
                .isInstanceOf(InvalidResiliencyPropertyException.class)
                .hasMessage("resiliency.retry.search.max-attempts: must be >= 1, got: 0");
    }

    @Test
    void invalidDefaultIsReportedOnTheDefaultPath() {
        assertThatThrownBy(() -> new RetryRegistry(config("default", retry(0), "search", new RetryProperties())))
                .isInstanceOf(InvalidResiliencyPropertyException.class)
                .hasMessage("resiliency.retry.default.max-attempts: must be >= 1, got: 0");
    }

    @Test
    void invalidDefaultFailsEvenWithoutNamedInstances() {
        assertThatThrownBy(() -> new RetryRegistry(config("default", retry(-2))))
                .hasMessage("resiliency.retry.default.max-attempts: must be >= 1, got: -2");
    }

    @Test
    void invalidDefaultFailsEvenWhenEveryNamedInstanceOverridesIt() {
        // an unconfigured name (an annotation's) would inherit the invalid value
        assertThatThrownBy(() -> new RetryRegistry(config("default", retry(0), "search", retry(3))))
                .hasMessageStartingWith("resiliency.retry.default.max-attempts");
    }

    @Test
    void failedCreationLeavesNoInstanceAndCanBeRetried() {
        RetryProperties bad = new RetryProperties();
        bad.setBackoff("fibonacci");
        RetryRegistry failing = new RetryRegistry(Map.of()) {
            @Override
            protected BackoffRetry create(String name, RetryProperties properties) {
                return super.create(name, name.equals("bad") ? bad : properties);
            }
        };

        assertThatThrownBy(() -> failing.instance("bad"))
                .hasMessage("resiliency.retry.bad.backoff: must be one of exponential, linear, constant, got: fibonacci");
        assertThat(failing.find("bad")).isEmpty();
        assertThat(failing.instance("ok")).isNotNull();
    }

    @Test
    void mapKeysWithDotsAreBracketedInPaths() {
        RetryRegistry registry = new RetryRegistry(Map.of());
        assertThat(registry.instancePath("ProductService.page")).isEqualTo("resiliency.retry[ProductService.page]");
    }

    @RepeatedTest(5)
    void concurrentFirstUseCreatesOneInstanceAndNotifiesOnce() throws Exception {
        RetryRegistry registry = new RetryRegistry(Map.of());
        AtomicInteger notified = new AtomicInteger();
        registry.onCreated(r -> notified.incrementAndGet());
        int threads = 16;
        CyclicBarrier start = new CyclicBarrier(threads);
        Set<BackoffRetry> seen = Collections.newSetFromMap(new ConcurrentHashMap<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int n = 0; n < 100; n++) {
                        seen.add(registry.instance("shared-" + (n % 10)));
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(10, TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(seen).hasSize(10);
        assertThat(registry.instances()).hasSize(10);
        assertThat(notified).hasValue(10);
    }

    @RepeatedTest(5)
    void listenerRegisteredDuringCreationsSeesEachInstanceExactlyOnce() throws Exception {
        RetryRegistry registry = new RetryRegistry(Map.of());
        Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread creator = new Thread(() -> {
            started.countDown();
            for (int i = 0; i < 500; i++) {
                registry.instance("r" + i);
            }
        });
        creator.start();
        started.await();
        registry.onCreated(r -> counts.computeIfAbsent(r.name(), n -> new AtomicInteger()).incrementAndGet());
        creator.join(10_000);

        assertThat(counts).hasSize(500);
        assertThat(counts.values()).allSatisfy(count -> assertThat(count).hasValue(1));
    }
}
