package dev.resiliency.spring.config;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.beans.BeanUtils;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;

/**
 * Binds an instance declared with no option, {@code inventory: {}} in YAML (which Spring Boot flattens to an empty
 * string), to an instance with every option inherited, instead of dropping it: declaring a name is enough to
 * create it at start-up.
 */
final class EmptyInstanceConverter implements GenericConverter {

    private static final Set<ConvertiblePair> PAIRS = Stream
            .of(CircuitBreakerProperties.class, RetryProperties.class, HedgedProperties.class,
                    SingleFlightProperties.class, BulkheadProperties.class, WeightedSemaphoreProperties.class,
                    RateLimiterProperties.class)
            .map(type -> new ConvertiblePair(String.class, type)).collect(Collectors.toUnmodifiableSet());

    @Override
    public Set<ConvertiblePair> getConvertibleTypes() {
        return PAIRS;
    }

    @Override
    public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
        if (source == null) {
            return null;
        }
        if (!((String) source).isBlank()) {
            throw new IllegalArgumentException("expected the options of an instance (a map, or {} for none), got: '"
                    + source + "'");
        }
        return BeanUtils.instantiateClass(targetType.getType());
    }
}
