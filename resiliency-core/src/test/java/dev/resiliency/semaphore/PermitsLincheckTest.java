package dev.resiliency.semaphore;

import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of the permit accounting and FIFO queue behind {@link WeightedSemaphore}: every concurrent
 * history of lock-free admissions, queued admissions, releases (which grant waiters) and abandons (timeout,
 * interrupt, cancellation) must match some sequential history of {@link Model}, a plain FIFO semaphore. The model
 * checker explores thread interleavings at every shared-memory access; the stress run adds real parallelism.
 *
 * <p>Each thread keeps its own bookkeeping (its held permits, its waiter) in its own slot, so the test harness adds
 * no synchronization of its own. A waiter here is never parked: its grant is observed through its state, which is
 * exactly what the blocking and async waiters build on.
 */
@Tag("lincheck") // runs in its own JVM, see the surefire executions in pom.xml
@Param(name = "thread", gen = ThreadIdGen.class)
@Param(name = "weight", gen = IntGen.class, conf = "1:3")
public class PermitsLincheckTest {

    static final int MAX = 3;
    private static final int SLOTS = 8; // thread ids: 0 = init part, 1..n = parallel threads, n+1 = post part

    private final Permits permits = new Permits(MAX);
    private final int[] held = new int[SLOTS];
    private final ProbeWaiter[] waiting = new ProbeWaiter[SLOTS];

    @Operation
    public boolean tryAcquire(@Param(name = "thread") int thread, @Param(name = "weight") int weight) {
        if (permits.tryAcquire(weight)) {
            held[thread] += weight;
            return true;
        }
        return false;
    }

    /** -1: this thread already has a waiter; 0: admitted at once; 1: queued. */
    @Operation
    public int enqueue(@Param(name = "thread") int thread, @Param(name = "weight") int weight) {
        if (waiting[thread] != null) {
            return -1;
        }
        ProbeWaiter waiter = new ProbeWaiter(weight);
        if (permits.acquireOrEnqueue(waiter) == Permits.ADMITTED) {
            held[thread] += weight;
            return 0;
        }
        waiting[thread] = waiter;
        return 1;
    }

    /** Gives back everything this thread holds, its waiter's permits included once granted; returns the amount. */
    @Operation
    public int release(@Param(name = "thread") int thread) {
        int amount = held[thread];
        ProbeWaiter waiter = waiting[thread];
        if (waiter != null && waiter.state == Waiter.GRANTED) {
            amount += waiter.weight;
            waiting[thread] = null;
        }
        held[thread] = 0;
        if (amount > 0) {
            permits.release(amount);
        }
        return amount;
    }

    /** -1: no waiter; 0: too late, it was granted (and is now held); 1: left the queue. */
    @Operation
    public int abandon(@Param(name = "thread") int thread) {
        ProbeWaiter waiter = waiting[thread];
        if (waiter == null) {
            return -1;
        }
        if (permits.abandon(waiter)) {
            waiting[thread] = null;
            return 1;
        }
        return 0;
    }

    @Operation
    public int used() {
        return permits.used();
    }

    @Operation
    public int waiters() {
        return permits.waiters();
    }

    @Test
    void modelCheckingFindsNoNonLinearizableHistory() {
        new ModelCheckingOptions()
                .iterations(12)
                .invocationsPerIteration(1_000)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .sequentialSpecification(Model.class)
                .check(PermitsLincheckTest.class);
    }

    @Test
    void stressFindsNoNonLinearizableHistory() {
        new StressOptions()
                .iterations(6)
                .invocationsPerIteration(1_000)
                .threads(3)
                .actorsPerThread(3)
                .sequentialSpecification(Model.class)
                .check(PermitsLincheckTest.class);
    }

    static final class ProbeWaiter extends Waiter {
        ProbeWaiter(int weight) {
            super(weight);
        }

        @Override
        void granted() {
            // observed through state
        }
    }

    /** The sequential specification: a FIFO weighted semaphore without barging. */
    public static final class Model {
        private int used;
        private final ArrayDeque<Integer> queue = new ArrayDeque<>();
        private final int[] held = new int[SLOTS];
        private final int[] waitingWeight = new int[SLOTS];
        private final boolean[] granted = new boolean[SLOTS];

        public boolean tryAcquire(int thread, int weight) {
            if (queue.isEmpty() && used + weight <= MAX) {
                used += weight;
                held[thread] += weight;
                return true;
            }
            return false;
        }

        public int enqueue(int thread, int weight) {
            if (waitingWeight[thread] != 0) {
                return -1;
            }
            if (queue.isEmpty() && used + weight <= MAX) {
                used += weight;
                held[thread] += weight;
                return 0;
            }
            waitingWeight[thread] = weight;
            granted[thread] = false;
            queue.addLast(thread);
            return 1;
        }

        public int release(int thread) {
            int amount = held[thread];
            if (waitingWeight[thread] != 0 && granted[thread]) {
                amount += waitingWeight[thread];
                waitingWeight[thread] = 0;
            }
            held[thread] = 0;
            used -= amount;
            drain();
            return amount;
        }

        public int abandon(int thread) {
            if (waitingWeight[thread] == 0) {
                return -1;
            }
            if (granted[thread]) {
                return 0;
            }
            boolean wasHead = queue.peekFirst() == thread;
            queue.remove(thread);
            waitingWeight[thread] = 0;
            if (wasHead) {
                drain();
            }
            return 1;
        }

        public int used() {
            return used;
        }

        public int waiters() {
            return queue.size();
        }

        private void drain() {
            while (!queue.isEmpty() && used + waitingWeight[queue.peekFirst()] <= MAX) {
                int thread = queue.pollFirst();
                used += waitingWeight[thread];
                granted[thread] = true;
            }
        }
    }
}
