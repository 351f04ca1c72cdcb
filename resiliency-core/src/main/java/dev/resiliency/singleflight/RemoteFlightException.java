package dev.resiliency.singleflight;

import dev.resiliency.ResiliencyException;

/**
 * A shared flight failed in another process: what every caller waiting for it there receives, with the failure's
 * class name ({@link #remoteType()}) and message. The original exception is not rebuilt: its class may not exist
 * here, and instantiating classes named by a shared store would be a hazard.
 */
public class RemoteFlightException extends ResiliencyException {

    private static final long serialVersionUID = 1L;

    private final String remoteType;
    private final String remoteMessage;

    /**
     * @param instanceName  the single flight's name
     * @param remoteType    the fully qualified class name of the exception thrown in the other process
     * @param remoteMessage its message, possibly null
     */
    public RemoteFlightException(String instanceName, String remoteType, String remoteMessage) {
        super(instanceName, "Single flight '" + instanceName + "': the shared call failed in another process with "
                + remoteType + (remoteMessage == null ? "" : ": " + remoteMessage));
        this.remoteType = remoteType;
        this.remoteMessage = remoteMessage;
    }

    /** The fully qualified class name of the exception thrown in the process that ran the call. */
    public String remoteType() {
        return remoteType;
    }

    /** Its message, possibly null. */
    public String remoteMessage() {
        return remoteMessage;
    }
}
