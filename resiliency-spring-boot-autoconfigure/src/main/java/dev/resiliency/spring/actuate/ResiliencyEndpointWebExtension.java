package dev.resiliency.spring.actuate;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The HTTP face of the {@link ResiliencyEndpoint}'s write operation: 200 with the instance after the action, 404
 * for an unknown kind or name, 400 for an unknown action or a missing key, each with a message.
 */
@EndpointWebExtension(endpoint = ResiliencyEndpoint.class)
public class ResiliencyEndpointWebExtension {

    private final ResiliencyEndpoint endpoint;

    public ResiliencyEndpointWebExtension(ResiliencyEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @WriteOperation
    public WebEndpointResponse<Object> act(@Selector String kind, @Selector String name, @Nullable String action,
            @Nullable String key) {
        ResiliencyEndpoint.ActionResult result = this.endpoint.perform(kind, name, action, key);
        return switch (result.status()) {
            case DONE -> new WebEndpointResponse<>(result.instance(), WebEndpointResponse.STATUS_OK);
            case NOT_FOUND -> new WebEndpointResponse<>(Map.of("message", result.message()),
                    WebEndpointResponse.STATUS_NOT_FOUND);
            case BAD_REQUEST -> new WebEndpointResponse<>(Map.of("message", result.message()),
                    WebEndpointResponse.STATUS_BAD_REQUEST);
        };
    }
}
