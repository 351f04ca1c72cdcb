package dev.resiliency.spring.observation;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.resiliency.retry.BackoffRetry;
import dev.resiliency.spring.annotation.CircuitBreaker;
import dev.resiliency.spring.annotation.Hedged;
import dev.resiliency.spring.annotation.Retry;
import dev.resiliency.spring.aop.ResiliencyObserver;
import dev.resiliency.spring.config.ResiliencyAutoConfiguration;
import dev.resiliency.spring.registry.InstanceCustomizer;
import dev.resiliency.testing.FakeSleeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One observation per annotated call, with the instance names as keys and retries and hedges as events. */
@Timeout(30)
class ResiliencyObservationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResiliencyAutoConfiguration.class,
                    ResiliencyObservationAutoConfiguration.class))
            .withUserConfiguration(Observed.class)
            .withPropertyValues("resiliency.retry.inventory.max-attempts=3",
                    "resiliency.hedged.search.delay=0", "resiliency.hedged.search.max-requests=2",
                    "resiliency.retry.search.max-attempts=2");

    @Test
    void aRetriedCallIsOneObservationWithItsInstanceNamesAndOneEventPerRetry() {
        this.runner.run(context -> {
            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
            Inventory inventory = context.getBean(Inventory.class);

            assertThat(inventory.fetch("sku-1", 2)).isEqualTo("sku-1 after 3 attempts");

            TestObservationRegistryAssert.assertThat(registry)
                    .hasNumberOfObservationsWithNameEqualTo("resiliency.call", 1)
                    .hasObservationWithNameEqualTo("resiliency.call").that()
                    .hasContextualNameEqualTo("Inventory.fetch")
                    .hasLowCardinalityKeyValue("resiliency.method", "Inventory.fetch")
                    .hasLowCardinalityKeyValue("resiliency.circuit-breaker", "inventory")
                    .hasLowCardinalityKeyValue("resiliency.retry", "inventory")
                    .doesNotHaveLowCardinalityKeyValueWithKey("resiliency.hedged")
                    .hasHighCardinalityKeyValue("resiliency.retries", "2")
                    .hasHighCardinalityKeyValue("resiliency.hedges", "0")
                    .hasEvent("retry", "retry attempt 2")
                    .hasEvent("retry", "retry attempt 3")
                    .doesNotHaveEvent("hedge")
                    .doesNotHaveError()
                    .hasBeenStarted()
                    .hasBeenStopped();
            assertThat(context.getBean(Events.class).names()).containsExactly("retry", "retry");
            assertThat(context.getBean(Events.class).contextualNames())
                    .containsExactly("retry attempt 2", "retry attempt 3");
        });
    }

    @Test
    void aCallThatFailsAfterItsRetriesRecordsTheError() {
        this.runner.run(context -> {
            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
            Inventory inventory = context.getBean(Inventory.class);

            assertThatThrownBy(() -> inventory.fetch("sku-2", 5)).isInstanceOf(IOException.class);

            TestObservationRegistryAssert.assertThat(registry).hasObservationWithNameEqualTo("resiliency.call").that()
                    .hasError()
                    .hasHighCardinalityKeyValue("resiliency.retries", "2");
            assertThat(context.getBean(Events.class).contextualNames())
                    .containsExactly("retry attempt 2", "retry attempt 3");
        });
    }

    @Test
    void aCallWithoutRetryHasNoEvent() {
        this.runner.run(context -> {
            context.getBean(Inventory.class).fetch("sku-3", 0);

            TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
                    .hasObservationWithNameEqualTo("resiliency.call").that()
                    .hasHighCardinalityKeyValue("resiliency.retries", "0");
            assertThat(context.getBean(Events.class).names()).isEmpty();
        });
    }

    @Test
    void aHedgedCopyIsAnEventAndWorkInsideEitherCopyIsAChildObservation() {
        this.runner.run(context -> {
            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);

            assertThat(context.getBean(Search.class).hedgedOnly("q")).isEqualTo("q");

            TestObservationRegistryAssert.assertThat(registry)
                    .hasObservationWithNameEqualTo("resiliency.call").that()
                    .hasContextualNameEqualTo("Search.hedgedOnly")
                    .hasLowCardinalityKeyValue("resiliency.hedged", "search")
                    .hasHighCardinalityKeyValue("resiliency.hedges", "1");
            assertThat(context.getBean(Events.class).contextualNames()).containsExactly("hedge request 2");
            TestObservationRegistryAssert.assertThat(registry).hasHandledContextsThatSatisfy(contexts -> {
                Observation.Context call = contexts.stream().filter(c -> "resiliency.call".equals(c.getName()))
                        .findFirst().orElseThrow();
                List<Observation.Context> downstream = contexts.stream()
                        .filter(c -> "downstream".equals(c.getName())).toList();
                assertThat(downstream).hasSize(2) // one per copy, each on its own executor thread
                        .allSatisfy(c -> assertThat(c.getParentObservation().getContextView()).isSameAs(call));
            });
        });
    }

    @Test
    void retriesAndHedgesOfOneCallAreToldApart() {
        this.runner.run(context -> {
            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);

            assertThat(context.getBean(Search.class).retriedAndHedged("q")).isEqualTo("q on attempt 2");

            TestObservationRegistryAssert.assertThat(registry)
                    .hasObservationWithNameEqualTo("resiliency.call").that()
                    .hasLowCardinalityKeyValue("resiliency.retry", "search")
                    .hasLowCardinalityKeyValue("resiliency.hedged", "search")
                    .hasHighCardinalityKeyValue("resiliency.retries", "1")
                    .hasHighCardinalityKeyValue("resiliency.hedges", "2");
            assertThat(context.getBean(Events.class).contextualNames())
                    .containsExactly("hedge request 2", "retry attempt 2", "hedge request 2");
        });
    }

    @Test
    void retriesAndHedgesOfOneAsynchronousCallAreToldApart() {
        this.runner.run(context -> {
            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);

            assertThat(context.getBean(Search.class).retriedAndHedgedAsync("q").get(10, TimeUnit.SECONDS))
                    .isEqualTo("q on attempt 2");

            TestObservationRegistryAssert.assertThat(registry)
                    .hasObservationWithNameEqualTo("resiliency.call").that()
                    .hasHighCardinalityKeyValue("resiliency.retries", "1")
                    .hasHighCardinalityKeyValue("resiliency.hedges", "2")
                    .hasBeenStopped();
            assertThat(context.getBean(Events.class).contextualNames())
                    .containsExactly("hedge request 2", "retry attempt 2", "hedge request 2");
        });
    }

    @Test
    void anAsynchronousCallIsObservedUntilItsFutureCompletes() {
        this.runner.run(context -> {
            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);

            assertThat(context.getBean(Inventory.class).fetchAsync("sku-4").get(10, TimeUnit.SECONDS))
                    .isEqualTo("sku-4 async");

            TestObservationRegistryAssert.assertThat(registry)
                    .hasObservationWithNameEqualTo("resiliency.call").that()
                    .hasContextualNameEqualTo("Inventory.fetchAsync")
                    .hasHighCardinalityKeyValue("resiliency.retries", "1")
                    .doesNotHaveError()
                    .hasBeenStopped();
            assertThat(context.getBean(Events.class).contextualNames()).containsExactly("retry attempt 2");
        });
    }

    @Test
    void observesNothingWithANoopRegistry() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ResiliencyAutoConfiguration.class,
                        ResiliencyObservationAutoConfiguration.class))
                .withBean(ObservationRegistry.class, () -> ObservationRegistry.NOOP)
                .run(context -> {
                    ResiliencyObserver observer = context.getBean(ResiliencyObserver.class);
                    assertThat(observer.observe(new dev.resiliency.spring.aop.ResilientMethod("A.b",
                            Object.class.getMethod("toString"), Object.class, java.util.Map.of(), false))).isNull();
                });
    }

    @Test
    void backsOffWithoutAnObservationRegistry() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ResiliencyAutoConfiguration.class,
                        ResiliencyObservationAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(ResiliencyObserver.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class Observed {

        @Bean
        TestObservationRegistry testObservationRegistry(Events events) {
            TestObservationRegistry registry = TestObservationRegistry.create();
            registry.observationConfig().observationHandler(events);
            return registry;
        }

        @Bean
        Events events() {
            return new Events();
        }

        /** Retries wait on a fake clock, not for real. */
        @Bean
        InstanceCustomizer<BackoffRetry.Builder> fakeSleeper() {
            return (name, builder) -> builder.sleeper(new FakeSleeper());
        }

        @Bean
        Inventory inventory(TestObservationRegistry registry) {
            return new Inventory();
        }

        @Bean
        Search search(TestObservationRegistry registry) {
            return new Search(registry);
        }
    }

    /** Records the events of resiliency observations. */
    static class Events implements ObservationHandler<ResiliencyObservationContext> {

        private final List<Observation.Event> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(Observation.Event event, ResiliencyObservationContext context) {
            this.events.add(event);
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
            return context instanceof ResiliencyObservationContext;
        }

        List<String> names() {
            return this.events.stream().map(Observation.Event::getName).toList();
        }

        List<String> contextualNames() {
            return this.events.stream().map(Observation.Event::getContextualName).toList();
        }
    }

    static class Inventory {

        private final AtomicInteger asyncRuns = new AtomicInteger();

        /** Fails {@code failures} times, then answers. */
        private final AtomicInteger runs = new AtomicInteger();

        @CircuitBreaker("inventory")
        @Retry("inventory")
        public String fetch(String sku, int failures) throws IOException {
            int run = this.runs.incrementAndGet();
            if (run <= failures) {
                throw new IOException("inventory down (" + run + ")");
            }
            int attempts = run;
            this.runs.set(0);
            return sku + " after " + attempts + " attempts";
        }

        @Retry("inventory")
        public CompletableFuture<String> fetchAsync(String sku) {
            if (this.asyncRuns.incrementAndGet() == 1) {
                return CompletableFuture.failedFuture(new IOException("first attempt fails"));
            }
            return CompletableFuture.supplyAsync(() -> sku + " async");
        }
    }

    static class Search {

        private final ObservationRegistry registry;
        private final CyclicBarrier bothCopies = new CyclicBarrier(2);
        private final AtomicInteger runs = new AtomicInteger();

        Search(ObservationRegistry registry) {
            this.registry = registry;
        }

        /** Both copies run (they meet at a barrier), each calling a downstream observed on its own. */
        @Hedged("search")
        public String hedgedOnly(String query) throws Exception {
            // Observe first, meet second: the losing copy is interrupted once the winner returns, so anything it
            // did after the barrier could be cut short.
            String result = Observation.createNotStarted("downstream", this.registry).observe(() -> query);
            this.bothCopies.await(10, TimeUnit.SECONDS);
            return result;
        }

        /** Two attempts of two copies each: the first attempt's copies fail, the second's answer. */
        @Retry("search")
        @Hedged("search")
        public String retriedAndHedged(String query) throws Exception {
            int run = this.runs.incrementAndGet();
            this.bothCopies.await(10, TimeUnit.SECONDS);
            if (run <= 2) {
                throw new IOException("both copies of attempt 1 fail");
            }
            return query + " on attempt 2";
        }

        /** As {@link #retriedAndHedged}, returning futures that complete on other threads. */
        @Retry("search")
        @Hedged("search")
        public CompletableFuture<String> retriedAndHedgedAsync(String query) {
            int run = this.runs.incrementAndGet();
            return CompletableFuture.supplyAsync(() -> {
                try {
                    this.bothCopies.await(10, TimeUnit.SECONDS);
                }
                catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
                if (run <= 2) {
                    throw new IllegalStateException("both copies of attempt 1 fail");
                }
                return query + " on attempt 2";
            });
        }
    }
}
