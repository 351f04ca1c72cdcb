package dev.resiliency;

import java.time.Duration;

/**
 * Thrown when a deadline set on a primitive runs out: a hedged call's timeout, a semaphore or single-flight
 * waiter's timeout, a task combinator's timeout. Work that the primitive owns is cancelled; the message says
 * what was waited for.
 */
public class ResiliencyTimeoutException extends ResiliencyException {

    private static final long serialVersionUID = 1L;

    private final transient Duration timeout;

    public ResiliencyTimeoutException(String instanceName, String what, Duration timeout) {
        super(instanceName, "'" + instanceName + "': " + what + " timed out after " + timeout.toMillis() + " ms");
        this.timeout = timeout;
    }

    /** The deadline that ran out. */
    public Duration timeout() {
        return timeout;
    }
}
