package dev.resiliency;

/** Thrown when a circuit breaker rejects a call: it is open, forced open, or half-open with no probe permit left. */
public class CircuitOpenException extends ResiliencyException {

    private static final long serialVersionUID = 1L;

    public CircuitOpenException(String instanceName, String state) {
        super(instanceName, "Circuit breaker '" + instanceName + "' is " + state + " and does not permit calls");
    }
}
