package dev.resiliency.redis;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Function;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;

import dev.resiliency.DefaultExecutors;

/**
 * The Redis backends of one Redis: a {@link RedisRateLimiterBackend}, a {@link RedisFlightBackend}, and the
 * {@link RedisAvailability} they share, plus the two daemon threads ({@code resiliency-redis-N}) that renew leases and
 * probe Redis while it is down. Spring Boot builds one from the application's {@link RedisConnectionFactory} (see
 * {@code ResiliencyRedisAutoConfiguration}); without Spring Boot:
 *
 * <pre>{@code
 * RedisResiliency redis = RedisResiliency.builder(connectionFactory).keyPrefix("orders:").build();
 * RateLimiter quota = RateLimiter.builder("inventory-api").rate(100).burstSize(10)
 *         .backend(redis.rateLimiterBackend()).build();
 * SingleFlight products = SingleFlight.builder("products").backend(redis.flightBackend()).build();
 * ...
 * redis.close(); // gives up the leases this process holds
 * }</pre>
 *
 * <p>Defaults: {@code keyPrefix "resiliency:"}, {@code leaseTime 10s}, {@code waitTimeout 30s}, {@code probeInterval
 * 1s}, values serialized with JDK serialization ({@link RedisSerializer#java()}), keys mapped with
 * {@code String.valueOf}, async work on {@link DefaultExecutors#executor()}. Single flight needs Lettuce (Spring Boot's
 * default client): its subscriptions are confirmed synchronously.
 */
public final class RedisResiliency implements AutoCloseable {

    private final RedisAvailability availability;
    private final RedisRateLimiterBackend rateLimiterBackend;
    private final RedisFlightBackend flightBackend;
    private final ScheduledThreadPoolExecutor timers;

    private RedisResiliency(Builder builder) {
        this.timers = new ScheduledThreadPoolExecutor(2, DefaultExecutors.daemonThreadFactory("resiliency-redis"));
        this.timers.setRemoveOnCancelPolicy(true);
        this.availability = new RedisAvailability(builder.connectionFactory, builder.probeInterval, timers);
        StringRedisTemplate template = new StringRedisTemplate(builder.connectionFactory);
        RedisCommands commands = new RedisCommands(template, availability);
        this.rateLimiterBackend = new RedisRateLimiterBackend(template, availability, builder.keyPrefix);
        FlightChannels channels = new FlightChannels(builder.connectionFactory, availability, builder.keyPrefix);
        this.flightBackend = new RedisFlightBackend(commands, channels, builder.keyPrefix, builder.leaseTime,
                builder.waitTimeout, builder.serializer, builder.keyMapper, builder.executor, timers);
    }

    /** Starts a builder for the backends of the Redis behind {@code connectionFactory}. */
    public static Builder builder(RedisConnectionFactory connectionFactory) {
        return new Builder(Objects.requireNonNull(connectionFactory, "connectionFactory must not be null"));
    }

    /** Cluster-wide token buckets, for {@code RateLimiter.Builder.backend(...)}. */
    public RedisRateLimiterBackend rateLimiterBackend() {
        return rateLimiterBackend;
    }

    /** Cluster-wide flights, for {@code SingleFlight.Builder.backend(...)}. */
    public RedisFlightBackend flightBackend() {
        return flightBackend;
    }

    /** Whether Redis answers, as the backends see it. */
    public RedisAvailability availability() {
        return availability;
    }

    /** Gives up the leases held, closes the subscription, stops probing and the module's threads. */
    @Override
    public void close() {
        flightBackend.close();
        availability.close();
        timers.shutdownNow();
    }

    /** Test hook: this process "dies": leases stop being renewed and are never released. */
    void simulateCrash() {
        flightBackend.simulateCrash();
        availability.close();
        timers.shutdownNow();
    }

    /** Builds a {@link RedisResiliency}; every option has a default. */
    public static final class Builder {

        private final RedisConnectionFactory connectionFactory;
        private String keyPrefix = "resiliency:";
        private Duration leaseTime = Duration.ofSeconds(10);
        private Duration waitTimeout = Duration.ofSeconds(30);
        private Duration probeInterval = Duration.ofSeconds(1);
        private RedisSerializer<Object> serializer = RedisSerializer.java();
        private Function<Object, String> keyMapper = String::valueOf;
        private Executor executor = DefaultExecutors.executor();

        private Builder(RedisConnectionFactory connectionFactory) {
            this.connectionFactory = connectionFactory;
        }

        /** Prepended to every Redis key and channel. Default {@code "resiliency:"}. One per application is wise. */
        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix must not be null");
            return this;
        }

        /**
         * How long a flight's lease lasts without renewal ({@code > 0}, at least 1 ms): how soon a holder that died is
         * replaced. Renewed every third of it while the call runs. Default 10s.
         */
        public Builder leaseTime(Duration leaseTime) {
            this.leaseTime = Objects.requireNonNull(leaseTime, "leaseTime must not be null");
            return this;
        }

        /** The longest a caller waits for a flight running in another process ({@code > 0}). Default 30s. */
        public Builder waitTimeout(Duration waitTimeout) {
            this.waitTimeout = Objects.requireNonNull(waitTimeout, "waitTimeout must not be null");
            return this;
        }

        /** How often Redis is tried again while it is down ({@code > 0}). Default 1s. */
        public Builder probeInterval(Duration probeInterval) {
            this.probeInterval = Objects.requireNonNull(probeInterval, "probeInterval must not be null");
            return this;
        }

        /** Turns flight values into bytes for the other processes. Default JDK serialization. */
        public Builder serializer(RedisSerializer<Object> serializer) {
            this.serializer = Objects.requireNonNull(serializer, "serializer must not be null");
            return this;
        }

        /** Turns single-flight keys into the strings that name them in Redis. Default {@code String.valueOf}. */
        public Builder keyMapper(Function<Object, String> keyMapper) {
            this.keyMapper = Objects.requireNonNull(keyMapper, "keyMapper must not be null");
            return this;
        }

        /** Runs the Redis steps of asynchronous flights. Default {@link DefaultExecutors#executor()}. */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor must not be null");
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the option, for a non-positive duration or a lease under 1 ms
         */
        public RedisResiliency build() {
            positive(leaseTime, "leaseTime");
            if (leaseTime.toMillis() < 1) {
                throw new IllegalArgumentException("leaseTime must be at least 1ms, got: " + leaseTime);
            }
            positive(waitTimeout, "waitTimeout");
            positive(probeInterval, "probeInterval");
            if (isJedis(connectionFactory.getClass())) {
                throw new IllegalArgumentException("connectionFactory: the Redis single flight needs Lettuce (Spring"
                        + " Boot's default client); Jedis subscriptions block their thread and are not confirmed");
            }
            return new RedisResiliency(this);
        }

        private static boolean isJedis(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                if (c.getSimpleName().startsWith("Jedis")) {
                    return true;
                }
            }
            return false;
        }

        private static void positive(Duration value, String option) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(option + " must be > 0, got: " + value);
            }
        }
    }
}
