package dev.resiliency.semaphore;

/**
 * A snapshot of a {@link WeightedSemaphore}.
 *
 * @param max         the capacity, in permits
 * @param used        permits held right now by running calls
 * @param available   {@code max - used}
 * @param queueLength callers waiting for permits right now
 * @param permitted   cumulative: calls that got their permits and ran
 * @param rejected    cumulative: {@code tryAcquire} calls refused at once
 * @param timedOut    cumulative: waiters whose timeout ran out before their permits were granted
 */
public record WeightedSemaphoreStats(int max, int used, int available, int queueLength, long permitted, long rejected,
        long timedOut) {
}
