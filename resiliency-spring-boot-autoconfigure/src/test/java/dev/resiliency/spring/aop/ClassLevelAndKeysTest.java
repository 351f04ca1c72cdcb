package dev.resiliency.spring.aop;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.resiliency.spring.annotation.CircuitBreaker;
import dev.resiliency.spring.annotation.Retry;
import dev.resiliency.spring.annotation.SingleFlight;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import dev.resiliency.spring.registry.RetryRegistry;
import dev.resiliency.spring.registry.SingleFlightRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Class-level annotations, instance names, and {@code @SingleFlight} keys. */
@Timeout(20)
class ClassLevelAndKeysTest {

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void shutdown() {
        this.pool.shutdownNow();
    }

    static class Counter {

        final AtomicInteger calls = new AtomicInteger();
    }

    @Retry
    static class Catalog {

        private final Counter counter;

        Catalog(Counter counter) {
            this.counter = counter;
        }

        public String page(int failures) throws IOException {
            return fail(failures, "page");
        }

        @Retry("quick")
        public String price(int failures) throws IOException {
            return fail(failures, "price");
        }

        @CircuitBreaker
        public String described() {
            return "ok";
        }

        String packagePrivate(int failures) throws IOException {
            return fail(failures, "packagePrivate");
        }

        private String fail(int failures, String what) throws IOException {
            if (this.counter.calls.incrementAndGet() <= failures) {
                throw new IOException(what);
            }
            return what + " after " + this.counter.calls.get();
        }
    }

    record Sku(String id) {
    }

    static class Inventory {

        private final Counter counter;

        Inventory(Counter counter) {
            this.counter = counter;
        }

        @SingleFlight(key = "#sku")
        public String stock(String sku, int requestNumber) throws InterruptedException {
            return run("stock " + sku);
        }

        @SingleFlight(value = "by-id", key = "#item.id()")
        public String byId(Sku item) throws InterruptedException {
            return run("item " + item.id());
        }

        @SingleFlight
        public String allArguments(String a, String b) throws InterruptedException {
            return run(a + b);
        }

        private String run(String value) throws InterruptedException {
            this.counter.calls.incrementAndGet();
            Latch.INSTANCE.await();
            return value;
        }
    }

    /** One gate for the whole test (the proxied bean's own fields are not the target's). */
    static final class Latch {

        static volatile CountDownLatch INSTANCE = new CountDownLatch(1);
    }

    @Configuration(proxyBeanMethods = false)
    static class Config {

        @Bean
        Counter counter() {
            return new Counter();
        }

        @Bean
        Catalog catalog(Counter counter) {
            return new Catalog(counter);
        }

        @Bean
        Inventory inventory(Counter counter) {
            return new Inventory(counter);
        }
    }

    private ApplicationContextRunner runner() {
        return AnnotationTestSupport.runner().withUserConfiguration(Config.class).withPropertyValues(
                "resiliency.retry.default.base-delay=1ms", "resiliency.retry.quick.max-attempts=2");
    }

    @Test
    void classLevelAnnotationAppliesToEveryPublicMethodWithAnInstancePerMethod() {
        runner().run(context -> {
            Catalog catalog = context.getBean(Catalog.class);
            assertThat(catalog.page(2)).isEqualTo("page after 3");
            assertThat(context.getBean(RetryRegistry.class).find("Catalog.page")).isPresent();
        });
    }

    @Test
    void methodLevelAnnotationWinsOverTheClassLevelOne() {
        runner().run(context -> {
            Catalog catalog = context.getBean(Catalog.class);
            assertThatThrownBy(() -> catalog.price(2)).isInstanceOf(IOException.class); // quick: 2 attempts only
            assertThat(context.getBean(RetryRegistry.class).instance("quick").stats().failureWithRetry()).isEqualTo(1);
        });
    }

    @Test
    void classLevelAnnotationCombinesWithAnotherKindOnTheMethod() {
        runner().run(context -> {
            context.getBean(Catalog.class).described();
            assertThat(context.getBean(CircuitBreakerRegistry.class).find("Catalog.described")).isPresent();
            assertThat(context.getBean(RetryRegistry.class).find("Catalog.described")).isPresent();
        });
    }

    @Test
    void classLevelAnnotationSkipsNonPublicMethods() {
        runner().run(context -> {
            Catalog catalog = context.getBean(Catalog.class);
            assertThatThrownBy(() -> catalog.packagePrivate(1)).isInstanceOf(IOException.class);
            assertThat(context.getBean(RetryRegistry.class).find("Catalog.packagePrivate")).isEmpty();
        });
    }

    @Test
    void emptyNameGivesAnInstancePerMethodCreatedAtStartUp() {
        runner().run(context -> assertThat(context.getBean(SingleFlightRegistry.class).instances())
                .extracting(flight -> flight.name())
                .containsExactlyInAnyOrder("Inventory.stock", "by-id", "Inventory.allArguments"));
    }

    @Test
    void spelKeyCollapsesCallsWithEqualKeysOnly() throws Exception {
        Latch.INSTANCE = new CountDownLatch(1);
        runner().run(context -> {
            Inventory inventory = context.getBean(Inventory.class);
            Counter counter = context.getBean(Counter.class);
            var flight = context.getBean(SingleFlightRegistry.class).instance("Inventory.stock");

            // the second argument differs on every call: only #sku makes the key
            List<Future<String>> skuA = List.of(this.pool.submit(() -> inventory.stock("A", 1)),
                    this.pool.submit(() -> inventory.stock("A", 2)), this.pool.submit(() -> inventory.stock("A", 3)));
            Future<String> skuB = this.pool.submit(() -> inventory.stock("B", 4));
            await().until(() -> flight.stats().leaderCalls() == 2 && flight.stats().sharedCalls() == 2);
            Latch.INSTANCE.countDown();

            for (Future<String> call : skuA) {
                assertThat(call.get()).isEqualTo("stock A");
            }
            assertThat(skuB.get()).isEqualTo("stock B");
            assertThat(counter.calls).hasValue(2);
        });
    }

    @Test
    void spelKeyCanNavigateTheArguments() throws Exception {
        Latch.INSTANCE = new CountDownLatch(1);
        runner().run(context -> {
            Inventory inventory = context.getBean(Inventory.class);
            var flight = context.getBean(SingleFlightRegistry.class).instance("by-id");

            Future<String> first = this.pool.submit(() -> inventory.byId(new Sku("42")));
            Future<String> second = this.pool.submit(() -> inventory.byId(new Sku("42")));
            await().until(() -> flight.stats().sharedCalls() == 1);
            Latch.INSTANCE.countDown();

            assertThat(first.get()).isEqualTo("item 42");
            assertThat(second.get()).isEqualTo("item 42");
            assertThat(context.getBean(Counter.class).calls).hasValue(1);
        });
    }

    @Test
    void defaultKeyIsEveryArgument() throws Exception {
        Latch.INSTANCE = new CountDownLatch(1);
        runner().run(context -> {
            Inventory inventory = context.getBean(Inventory.class);
            var flight = context.getBean(SingleFlightRegistry.class).instance("Inventory.allArguments");

            Future<String> ab = this.pool.submit(() -> inventory.allArguments("a", "b"));
            Future<String> abAgain = this.pool.submit(() -> inventory.allArguments("a", "b"));
            Future<String> ac = this.pool.submit(() -> inventory.allArguments("a", "c"));
            await().until(() -> flight.stats().leaderCalls() == 2 && flight.stats().sharedCalls() == 1);
            Latch.INSTANCE.countDown();

            assertThat(ab.get()).isEqualTo("ab");
            assertThat(abAgain.get()).isEqualTo("ab");
            assertThat(ac.get()).isEqualTo("ac");
        });
    }
}
