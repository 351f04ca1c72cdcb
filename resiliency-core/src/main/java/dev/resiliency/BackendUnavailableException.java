package dev.resiliency;

/**
 * Thrown by a primitive configured with {@link BackendFailureMode#REJECT} when its shared state backend cannot be
 * reached; the protected call did not run. Backends also throw it to tell the primitive that they could not
 * coordinate the call (the primitive then falls back or rejects, by its {@link BackendFailureMode}).
 */
public class BackendUnavailableException extends ResiliencyException {

    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String instanceName, String message) {
        super(instanceName, message);
    }

    public BackendUnavailableException(String instanceName, String message, Throwable cause) {
        super(instanceName, message, cause);
    }
}
