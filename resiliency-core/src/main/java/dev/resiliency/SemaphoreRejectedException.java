package dev.resiliency;

/**
 * Thrown by a weighted semaphore's non-blocking acquire when the permits are not free at once, or when other
 * callers are already queued (a non-blocking acquire never overtakes a waiter).
 */
public class SemaphoreRejectedException extends ResiliencyException {

    private static final long serialVersionUID = 1L;

    public SemaphoreRejectedException(String instanceName, int weight, int available, int queueLength) {
        super(instanceName, "Weighted semaphore '" + instanceName + "' rejected weight " + weight + " (available: "
                + available + ", queued: " + queueLength + ")");
    }
}
