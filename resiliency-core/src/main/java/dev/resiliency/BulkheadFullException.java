package dev.resiliency;

/** Thrown when a bulkhead has no free permit and the caller's maximum wait ran out (or was zero). */
public class BulkheadFullException extends ResiliencyException {

    private static final long serialVersionUID = 1L;

    public BulkheadFullException(String instanceName, int maxConcurrent) {
        super(instanceName, "Bulkhead '" + instanceName + "' is full (max concurrent calls: " + maxConcurrent + ")");
    }
}
