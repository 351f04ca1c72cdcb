package dev.resiliency;

import java.util.List;

/**
 * Thrown when every alternative failed (a race or a first-ok chain). Each failure is attached as a suppressed
 * exception, in the order they happened.
 */
public class AllFailedException extends ResiliencyException {

    private static final long serialVersionUID = 1L;

    public AllFailedException(String instanceName, String what, List<? extends Throwable> failures) {
        super(instanceName, what + ": all " + failures.size() + " alternatives failed");
        failures.forEach(this::addSuppressed);
    }
}
