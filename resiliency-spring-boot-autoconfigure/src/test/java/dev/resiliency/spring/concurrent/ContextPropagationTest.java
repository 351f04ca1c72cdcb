package dev.resiliency.spring.concurrent;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.resiliency.spring.annotation.Hedged;
import dev.resiliency.spring.annotation.Retry;
import dev.resiliency.spring.config.ResiliencyAutoConfiguration;
import dev.resiliency.spring.registry.HedgedRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/** Work that runs on another thread (hedged copies, async retries) sees the caller's MDC. */
@Timeout(20)
class ContextPropagationTest {

    record Seen(String requestId, Thread thread) {
    }

    static class Recorder {

        final List<Seen> seen = new CopyOnWriteArrayList<>();
        final BlockingQueue<CompletableFuture<String>> futures = new LinkedBlockingQueue<>();

        void record() {
            this.seen.add(new Seen(MDC.get("requestId"), Thread.currentThread()));
        }
    }

    static class Service {

        private final Recorder recorder;

        Service(Recorder recorder) {
            this.recorder = recorder;
        }

        @Hedged("everything-at-once")
        public String hedged() {
            this.recorder.record();
            return "ok";
        }

        @Retry("async")
        public CompletableFuture<String> asyncRetried() {
            this.recorder.record();
            CompletableFuture<String> future = new CompletableFuture<>();
            this.recorder.futures.add(future);
            return future;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Config {

        @Bean
        Recorder recorder() {
            return new Recorder();
        }

        @Bean
        Service service(Recorder recorder) {
            return new Service(recorder);
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResiliencyAutoConfiguration.class))
            .withUserConfiguration(Config.class)
            .withPropertyValues("resiliency.hedged.everything-at-once.delay=0ms",
                    "resiliency.hedged.everything-at-once.max-requests=3", "resiliency.retry.async.base-delay=5ms");

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void hedgedCopiesSeeTheCallersMdc() {
        this.runner.run(context -> {
            MDC.put("requestId", "req-42");
            assertThat(context.getBean(Service.class).hedged()).isEqualTo("ok");

            List<Seen> seen = context.getBean(Recorder.class).seen;
            assertThat(seen).isNotEmpty();
            assertThat(seen).allSatisfy(s -> {
                assertThat(s.requestId()).isEqualTo("req-42");
                assertThat(s.thread()).isNotSameAs(Thread.currentThread());
            });
        });
    }

    @Test
    void asyncRetryAttemptsSeeTheCallersMdcOnTheTimerThread() {
        this.runner.run(context -> {
            Recorder recorder = context.getBean(Recorder.class);
            MDC.put("requestId", "req-7");
            CompletableFuture<String> result = context.getBean(Service.class).asyncRetried();
            MDC.remove("requestId"); // the caller moves on; the retry must still carry req-7

            recorder.futures.poll(5, TimeUnit.SECONDS).completeExceptionally(new IOException("down"));
            recorder.futures.poll(5, TimeUnit.SECONDS).complete("ok");

            assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("ok");
            assertThat(recorder.seen).hasSize(2);
            assertThat(recorder.seen.get(1).requestId()).isEqualTo("req-7");
            assertThat(recorder.seen.get(1).thread()).isNotSameAs(Thread.currentThread());
        });
    }

    @Test
    void programmaticHedgedFromTheRegistryPropagatesTooThroughTheExecutor() {
        this.runner.run(context -> {
            var hedged = context.getBean(HedgedRegistry.class).instance("everything-at-once");
            MDC.put("requestId", "req-9");
            String seen = hedged.call(() -> MDC.get("requestId") + " on " + (Thread.currentThread().getName()));
            assertThat(seen).startsWith("req-9 on ").doesNotContain(Thread.currentThread().getName() + "");
        });
    }

    @Test
    void executorAndSchedulerCarryTheSubmittersMdcOnly() {
        this.runner.run(context -> {
            ResiliencyExecutors executors = context.getBean(ResiliencyExecutors.class);
            MDC.put("requestId", "req-1");
            CompletableFuture<String> during = new CompletableFuture<>();
            executors.executor().execute(() -> during.complete(MDC.get("requestId")));
            assertThat(during.get(5, TimeUnit.SECONDS)).isEqualTo("req-1");
            MDC.clear();
            // a task without context on the scheduler runs with a clean MDC
            CompletableFuture<String> later = new CompletableFuture<>();
            executors.scheduler().schedule(() -> later.complete(MDC.get("requestId")), java.time.Duration.ZERO);
            assertThat(later.get(5, TimeUnit.SECONDS)).isNull();
        });
    }
}
