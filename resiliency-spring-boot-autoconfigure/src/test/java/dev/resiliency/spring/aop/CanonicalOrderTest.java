package dev.resiliency.spring.aop;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.resiliency.CircuitOpenException;
import dev.resiliency.pipeline.PipelineListener;
import dev.resiliency.spring.annotation.Bulkhead;
import dev.resiliency.spring.annotation.CircuitBreaker;
import dev.resiliency.spring.annotation.Fallback;
import dev.resiliency.spring.annotation.Hedged;
import dev.resiliency.spring.annotation.RateLimiter;
import dev.resiliency.spring.annotation.Retry;
import dev.resiliency.spring.annotation.SingleFlight;
import dev.resiliency.spring.annotation.WeightedSemaphore;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * All eight annotations on one method are entered in the canonical order, whatever order they are written in:
 * Fallback → CircuitBreaker → SingleFlight → RateLimiter → Bulkhead → WeightedSemaphore → Retry → Hedged → method.
 */
@Timeout(20)
class CanonicalOrderTest {

    /** Records the layers entered (a pipeline listener), the method's runs and the fallback's. */
    static class Recorder implements PipelineListener {

        final List<String> entries = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void entered(dev.resiliency.pipeline.Layer layer) {
            this.entries.add(layer.name());
        }

        void add(String entry) {
            this.entries.add(entry);
        }

        List<String> takeAll() {
            synchronized (this.entries) {
                List<String> copy = List.copyOf(this.entries);
                this.entries.clear();
                return copy;
            }
        }
    }

    static class Stack {

        private final Recorder recorder;
        private final AtomicInteger failuresLeft = new AtomicInteger();

        Stack(Recorder recorder) {
            this.recorder = recorder;
        }

        void failNext(int failures) {
            this.failuresLeft.set(failures);
        }

        // deliberately written inside out
        @Hedged("stack")
        @Retry("stack")
        @WeightedSemaphore(value = "stack", weight = 2)
        @Fallback(method = "degraded")
        @Bulkhead("stack")
        @SingleFlight(key = "#id")
        @RateLimiter("stack")
        @CircuitBreaker("stack")
        public String insideOut(String id) throws IOException {
            return run(id);
        }

        // the same eight, in yet another order
        @RateLimiter("stack")
        @Fallback("degraded")
        @Retry("stack")
        @CircuitBreaker("stack")
        @Hedged("stack")
        @Bulkhead("stack")
        @SingleFlight(key = "#id")
        @WeightedSemaphore(value = "stack", weight = 2)
        public String shuffled(String id) throws IOException {
            return run(id);
        }

        private String run(String id) throws IOException {
            this.recorder.add("method");
            if (this.failuresLeft.getAndDecrement() > 0) {
                throw new IOException("attempt failed");
            }
            return "value " + id;
        }

        String degraded(String id, Exception failure) {
            this.recorder.add("fallback:" + failure.getClass().getSimpleName());
            return "degraded " + id;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Config {

        @Bean
        Recorder recorder() {
            return new Recorder();
        }

        @Bean
        Stack stack(Recorder recorder) {
            return new Stack(recorder);
        }
    }

    // max-requests 1: the hedged layer is entered but never sends a second copy, so each failure reaches retry
    private static final List<String> ENTRY = List.of("CIRCUIT_BREAKER", "SINGLE_FLIGHT", "RATE_LIMITER", "BULKHEAD",
            "WEIGHTED_SEMAPHORE", "RETRY");

    private ApplicationContextRunner runner() {
        return AnnotationTestSupport.runner().withUserConfiguration(Config.class).withPropertyValues(
                "resiliency.rate-limiter.stack.rate=1000", "resiliency.rate-limiter.stack.burst-size=100",
                "resiliency.weighted-semaphore.stack.max=4", "resiliency.retry.stack.base-delay=1ms",
                "resiliency.hedged.stack.max-requests=1", "resiliency.circuit-breaker.stack.minimum-calls=100");
    }

    private static List<String> expected(String... tail) {
        List<String> expected = new ArrayList<>(ENTRY);
        expected.addAll(List.of(tail));
        return expected;
    }

    @Test
    void layersAreEnteredInTheCanonicalOrderWhateverOrderTheAnnotationsAreWrittenIn() throws Exception {
        runner().run(context -> {
            Stack stack = context.getBean(Stack.class);
            Recorder recorder = context.getBean(Recorder.class);

            assertThat(stack.insideOut("a")).isEqualTo("value a");
            List<String> insideOut = recorder.takeAll();
            assertThat(stack.shuffled("a")).isEqualTo("value a");
            List<String> shuffled = recorder.takeAll();

            assertThat(insideOut).containsExactlyElementsOf(expected("HEDGED", "method"));
            assertThat(shuffled).isEqualTo(insideOut);
        });
    }

    @Test
    void retryReentersOnlyTheLayersInsideIt() {
        runner().run(context -> {
            Stack stack = context.getBean(Stack.class);
            Recorder recorder = context.getBean(Recorder.class);
            stack.failNext(1);

            assertThat(stack.shuffled("b")).isEqualTo("value b");
            assertThat(recorder.takeAll()).containsExactlyElementsOf(expected("HEDGED", "method", "HEDGED", "method"));
        });
    }

    @Test
    void fallbackIsOutermostAndSeesTheFailureOfEveryInnerLayer() {
        runner().run(context -> {
            Stack stack = context.getBean(Stack.class);
            Recorder recorder = context.getBean(Recorder.class);
            stack.failNext(3);

            assertThat(stack.insideOut("c")).isEqualTo("degraded c");
            assertThat(recorder.takeAll()).containsExactlyElementsOf(expected("HEDGED", "method", "HEDGED", "method",
                    "HEDGED", "method", "fallback:IOException"));
        });
    }

    @Test
    void fallbackReceivesTheCircuitOpenExceptionOfAnOpenCircuit() {
        runner().run(context -> {
            Stack stack = context.getBean(Stack.class);
            Recorder recorder = context.getBean(Recorder.class);
            context.getBean(CircuitBreakerRegistry.class).instance("stack").forceOpen();

            assertThat(stack.insideOut("d")).isEqualTo("degraded d");
            assertThat(recorder.takeAll()).containsExactly("CIRCUIT_BREAKER", "fallback:" + CircuitOpenException.class.getSimpleName());
        });
    }
}
