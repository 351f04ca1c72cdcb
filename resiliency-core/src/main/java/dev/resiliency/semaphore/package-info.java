/**
 * {@link dev.resiliency.semaphore.WeightedSemaphore}: weighted permits with strict FIFO waiters, blocking and
 * non-blocking, with wait timeouts; its {@link dev.resiliency.semaphore.WeightedSemaphoreStats stats} and
 * {@link dev.resiliency.semaphore.SemaphoreEvent events}.
 */
package dev.resiliency.semaphore;
