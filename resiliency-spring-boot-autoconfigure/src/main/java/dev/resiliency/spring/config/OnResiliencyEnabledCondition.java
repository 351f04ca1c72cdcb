package dev.resiliency.spring.config;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** The condition behind {@link ConditionalOnResiliencyEnabled}. */
class OnResiliencyEnabledCondition extends SpringBootCondition {

    static final String PROPERTY = ResiliencyProperties.PREFIX + ".enabled";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnResiliencyEnabled.class);
        String raw = context.getEnvironment().getProperty(PROPERTY);
        if (raw == null) {
            return ConditionOutcome.match(message.because(PROPERTY + " is not set (on by default)"));
        }
        String value = raw.trim();
        if (value.equalsIgnoreCase("true")) {
            return ConditionOutcome.match(message.because(PROPERTY + " is true"));
        }
        if (value.equalsIgnoreCase("false")) {
            return ConditionOutcome.noMatch(message.because(PROPERTY + " is false"));
        }
        // A typo must not silently switch every resilience policy off.
        throw new InvalidResiliencyPropertyException(PROPERTY, "must be true or false, got: '" + raw + "'");
    }
}
