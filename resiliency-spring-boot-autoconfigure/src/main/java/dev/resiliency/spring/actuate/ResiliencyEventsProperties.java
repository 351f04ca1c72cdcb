package dev.resiliency.spring.actuate;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The recent-events buffers shown at {@code /actuator/resiliency/{kind}/{name}/events}.
 */
@ConfigurationProperties(ResiliencyEventsProperties.PREFIX)
public class ResiliencyEventsProperties {

    /** The prefix of these properties. */
    public static final String PREFIX = "resiliency.events";

    /**
     * How many recent events to keep per instance (state transitions, rejections, retries, hedges, shared
     * flights...). 0 turns the buffers off: no listener is registered, so events cost nothing.
     */
    private int bufferSize = 0;

    public int getBufferSize() {
        return this.bufferSize;
    }

    public void setBufferSize(int bufferSize) {
        this.bufferSize = bufferSize;
    }
}
