package dev.resiliency.sample.cache;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when any {@code spring.data.redis.*} property is set (host, port, url, password...), from any source
 * (application.yml, environment variables, command line): the sample then caches in Redis instead of Caffeine.
 */
class RedisConfiguredCondition implements Condition {

    private static final ConfigurationPropertyName REDIS = ConfigurationPropertyName.of("spring.data.redis");

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(context.getEnvironment())) {
            if (source.containsDescendantOf(REDIS) == ConfigurationPropertyState.PRESENT) {
                return true;
            }
        }
        return false;
    }
}
