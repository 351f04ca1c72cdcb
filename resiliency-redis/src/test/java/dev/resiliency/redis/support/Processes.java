package dev.resiliency.redis.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resiliency.redis.RedisResiliency;

/**
 * Stand-ins for several processes sharing one Redis, without Spring Boot: each has its own Lettuce connection and its
 * own {@link RedisResiliency}, exactly as separate JVMs would. Closed together.
 */
public final class Processes implements AutoCloseable {

    /** How long a command waits for an unreachable Redis in these tests. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private final TestRedis redis;
    private final List<LettuceConnectionFactory> factories = new ArrayList<>();
    private final List<RedisResiliency> backends = new ArrayList<>();

    public Processes(TestRedis redis) {
        this.redis = redis;
    }

    public LettuceConnectionFactory connection() {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(redis.host(), redis.port()),
                LettuceClientConfiguration.builder().commandTimeout(COMMAND_TIMEOUT).build());
        factory.afterPropertiesSet();
        factory.start();
        factories.add(factory);
        return factory;
    }

    /** A new "process": its own connection and backends, with a test-friendly configuration. */
    public RedisResiliency process(java.util.function.UnaryOperator<RedisResiliency.Builder> options) {
        RedisResiliency backend = options.apply(RedisResiliency.builder(connection())
                .probeInterval(Duration.ofMillis(100))).build();
        backends.add(backend);
        return backend;
    }

    public RedisResiliency process() {
        return process(builder -> builder);
    }

    /** Deletes every key: a fresh Redis for the next test. */
    public void flushAll() {
        LettuceConnectionFactory factory = connection();
        new StringRedisTemplate(factory).execute((org.springframework.data.redis.core.RedisCallback<Void>) c -> {
            c.serverCommands().flushAll();
            return null;
        });
    }

    @Override
    public void close() {
        backends.forEach(RedisResiliency::close);
        factories.forEach(factory -> {
            try {
                factory.destroy();
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        });
        backends.clear();
        factories.clear();
    }
}
