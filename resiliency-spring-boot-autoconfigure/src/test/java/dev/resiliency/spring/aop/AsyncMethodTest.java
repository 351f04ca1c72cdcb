package dev.resiliency.spring.aop;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.resiliency.spring.annotation.Hedged;
import dev.resiliency.spring.annotation.Retry;
import dev.resiliency.spring.annotation.SingleFlight;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Methods returning {@code CompletableFuture}/{@code CompletionStage} go through the pipeline's async path: the
 * caller thread is never blocked, retries and hedges are new invocations of the method.
 */
@Timeout(20)
class AsyncMethodTest {

    /** The downstream's futures, handed to the test to complete whenever it wants. */
    static class Downstream {

        final BlockingQueue<CompletableFuture<String>> calls = new LinkedBlockingQueue<>();
        final BlockingQueue<Thread> threads = new LinkedBlockingQueue<>();

        CompletableFuture<String> next() {
            CompletableFuture<String> future = new CompletableFuture<>();
            this.threads.add(Thread.currentThread());
            this.calls.add(future);
            return future;
        }
    }

    static class Client {

        private final Downstream downstream;

        Client(Downstream downstream) {
            this.downstream = downstream;
        }

        @Retry("search")
        @Hedged("search")
        public CompletableFuture<String> search(String query) {
            return this.downstream.next();
        }

        @SingleFlight(key = "#query")
        public CompletionStage<String> shared(String query) {
            return this.downstream.next();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Config {

        @Bean
        Downstream downstream() {
            return new Downstream();
        }

        @Bean
        Client client(Downstream downstream) {
            return new Client(downstream);
        }
    }

    private ApplicationContextRunner runner() {
        return AnnotationTestSupport.runner().withUserConfiguration(Config.class).withPropertyValues(
                "resiliency.retry.search.base-delay=1ms", "resiliency.retry.search.max-attempts=3",
                "resiliency.hedged.search.delay=50ms", "resiliency.hedged.search.timeout=10s");
    }

    @Test
    void retryAndHedgingNeverBlockTheCallerThread() {
        runner().run(context -> {
            Client client = context.getBean(Client.class);
            Downstream downstream = context.getBean(Downstream.class);

            // the downstream future is pending: a blocking call would never return (the @Timeout would fail)
            CompletableFuture<String> result = client.search("q");

            assertThat(result).isNotDone();
            CompletableFuture<String> first = downstream.calls.poll(5, TimeUnit.SECONDS);
            assertThat(downstream.threads.poll()).isSameAs(Thread.currentThread()); // the first attempt: in the call
            first.completeExceptionally(new IOException("down")); // a failure with nothing else in flight: next copy
            CompletableFuture<String> second = downstream.calls.poll(5, TimeUnit.SECONDS);
            assertThat(second).isNotNull();
            assertThat(result).isNotDone();

            second.complete("found");
            assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("found");
        });
    }

    @Test
    void aSlowAttemptIsHedgedAndTheLoserCancelled() {
        runner().run(context -> {
            Client client = context.getBean(Client.class);
            Downstream downstream = context.getBean(Downstream.class);

            CompletableFuture<String> result = client.search("q");
            CompletableFuture<String> primary = downstream.calls.poll(5, TimeUnit.SECONDS);
            CompletableFuture<String> hedge = downstream.calls.poll(5, TimeUnit.SECONDS); // after the 50ms delay
            assertThat(hedge).isNotNull();
            assertThat(result).isNotDone();

            hedge.complete("hedge won");
            assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("hedge won");
            assertThat(primary).isCancelled();
        });
    }

    @Test
    void retriesAfterEveryCopyFailed() {
        runner().withPropertyValues("resiliency.hedged.search.max-requests=1").run(context -> {
            Client client = context.getBean(Client.class);
            Downstream downstream = context.getBean(Downstream.class);

            CompletableFuture<String> result = client.search("q");
            downstream.calls.poll(5, TimeUnit.SECONDS).completeExceptionally(new IOException("1"));
            downstream.calls.poll(5, TimeUnit.SECONDS).completeExceptionally(new IOException("2"));
            downstream.calls.poll(5, TimeUnit.SECONDS).complete("third time lucky");

            assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("third time lucky");
        });
    }

    @Test
    void exhaustedRetriesFailTheFutureWithTheLastFailure() {
        runner().withPropertyValues("resiliency.hedged.search.max-requests=1").run(context -> {
            Client client = context.getBean(Client.class);
            Downstream downstream = context.getBean(Downstream.class);
            IOException last = new IOException("3");

            CompletableFuture<String> result = client.search("q");
            downstream.calls.poll(5, TimeUnit.SECONDS).completeExceptionally(new IOException("1"));
            downstream.calls.poll(5, TimeUnit.SECONDS).completeExceptionally(new IOException("2"));
            downstream.calls.poll(5, TimeUnit.SECONDS).completeExceptionally(last);

            assertThat(result).failsWithin(5, TimeUnit.SECONDS).withThrowableThat().havingCause().isSameAs(last);
        });
    }

    @Test
    void asyncSingleFlightSharesOneDownstreamCall() {
        runner().run(context -> {
            Client client = context.getBean(Client.class);
            Downstream downstream = context.getBean(Downstream.class);

            CompletableFuture<String> a = client.shared("k").toCompletableFuture();
            CompletableFuture<String> b = client.shared("k").toCompletableFuture();
            CompletableFuture<String> other = client.shared("other").toCompletableFuture();

            assertThat(downstream.calls).hasSize(2);
            downstream.calls.poll().complete("shared");
            downstream.calls.poll().complete("alone");
            assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo("shared");
            assertThat(b.get(5, TimeUnit.SECONDS)).isEqualTo("shared");
            assertThat(other.get(5, TimeUnit.SECONDS)).isEqualTo("alone");
        });
    }
}
