package dev.resiliency;

/**
 * Base of every exception the library itself throws (as opposed to the user's own exceptions, which are always
 * rethrown unchanged). Unchecked; carries the name of the instance that produced it.
 */
public class ResiliencyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String instanceName;

    public ResiliencyException(String instanceName, String message) {
        super(message);
        this.instanceName = instanceName;
    }

    public ResiliencyException(String instanceName, String message, Throwable cause) {
        super(message, cause);
        this.instanceName = instanceName;
    }

    /** The name of the primitive instance that threw this exception. */
    public String instanceName() {
        return instanceName;
    }
}
