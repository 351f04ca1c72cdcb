package dev.resiliency.spring.observation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import dev.resiliency.pipeline.Layer;
import dev.resiliency.spring.aop.ResilientMethod;

/**
 * The default convention: observation {@value #NAME}, contextual (span) name {@code SimpleClassName.methodName}.
 *
 * <ul>
 *   <li>Low cardinality: {@code resiliency.method} (the method) and, for each layer of the method, its instance
 *       name under {@code resiliency.<kind>} with the YAML key of the kind ({@code resiliency.circuit-breaker},
 *       {@code resiliency.retry}...; {@code resiliency.fallback} holds the fallback method's name). Bounded by
 *       the application's code and configuration.</li>
 *   <li>High cardinality: {@code resiliency.retries} and {@code resiliency.hedges}, how many retries and hedged
 *       copies the call made.</li>
 * </ul>
 */
public class DefaultResiliencyObservationConvention implements ResiliencyObservationConvention {

    /** The name of the observation (and of the timer Micrometer derives from it). */
    public static final String NAME = "resiliency.call";

    /** The key of the method name. */
    public static final String METHOD_KEY = "resiliency.method";

    /** The high-cardinality key of the number of retries of the call. */
    public static final String RETRIES_KEY = "resiliency.retries";

    /** The high-cardinality key of the number of hedged copies of the call. */
    public static final String HEDGES_KEY = "resiliency.hedges";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(ResiliencyObservationContext context) {
        return context.getMethod().name();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ResiliencyObservationContext context) {
        return context.getMethodKeyValues();
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(ResiliencyObservationContext context) {
        return KeyValues.of(KeyValue.of(RETRIES_KEY, Integer.toString(context.getRetries())),
                KeyValue.of(HEDGES_KEY, Integer.toString(context.getHedges())));
    }

    /** The key of a layer's instance name: {@code resiliency.} and the YAML key of its kind. */
    public static String layerKey(Layer layer) {
        return "resiliency." + switch (layer) {
            case FALLBACK -> "fallback";
            case CIRCUIT_BREAKER -> "circuit-breaker";
            case SINGLE_FLIGHT -> "single-flight";
            case RATE_LIMITER -> "rate-limiter";
            case BULKHEAD -> "bulkhead";
            case WEIGHTED_SEMAPHORE -> "weighted-semaphore";
            case RETRY -> "retry";
            case HEDGED -> "hedged";
        };
    }

    /** The method's low-cardinality key values, computed once per method. */
    static KeyValues methodKeyValues(ResilientMethod method) {
        List<KeyValue> values = new ArrayList<>();
        values.add(KeyValue.of(METHOD_KEY, method.name()));
        for (Map.Entry<Layer, String> layer : method.layers().entrySet()) {
            values.add(KeyValue.of(layerKey(layer.getKey()), layer.getValue()));
        }
        return KeyValues.of(values);
    }
}
