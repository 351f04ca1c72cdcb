package dev.resiliency.sample.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The caller-facing deadline: a late call is answered with a timeout and its work interrupted; workers are bounded. */
class CallerDeadlineTest {

    private CallerDeadline deadline;

    @AfterEach
    void stop() {
        this.deadline.destroy();
    }

    @Test
    void returnsTheValueOfWorkThatFinishesInTime() throws Exception {
        this.deadline = new CallerDeadline(Duration.ofSeconds(5), 2);

        assertThat(this.deadline.run(() -> "done").get(5, TimeUnit.SECONDS)).isEqualTo("done");
    }

    @Test
    void failsWithTheWorksOwnException() {
        this.deadline = new CallerDeadline(Duration.ofSeconds(5), 2);
        IllegalStateException failure = new IllegalStateException("boom");

        assertThatThrownBy(() -> this.deadline.run(() -> {
            throw failure;
        }).get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).hasCause(failure);
    }

    @Test
    void interruptsWorkThatOutlivesTheDeadline() throws Exception {
        this.deadline = new CallerDeadline(Duration.ofMillis(200), 2);
        CountDownLatch interrupted = new CountDownLatch(1);

        CompletableFuture<String> result = this.deadline.run(() -> {
            try {
                new CountDownLatch(1).await();
                return "never";
            }
            catch (InterruptedException ex) {
                interrupted.countDown();
                throw ex;
            }
        });

        assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(TimeoutException.class);
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void refusesACallAtOnceWhenEveryWorkerIsBusy() throws Exception {
        this.deadline = new CallerDeadline(Duration.ofSeconds(30), 1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> busy = this.deadline.run(() -> {
            release.await();
            return "first";
        });

        CompletableFuture<Object> refused = this.deadline.run(() -> "second");

        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::join).hasCauseInstanceOf(RejectedExecutionException.class);
        release.countDown();
        assertThat(busy.get(5, TimeUnit.SECONDS)).isEqualTo("first");
    }
}
