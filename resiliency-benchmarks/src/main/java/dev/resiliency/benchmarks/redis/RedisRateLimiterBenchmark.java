package dev.resiliency.benchmarks.redis;

import dev.resiliency.ratelimiter.RateLimiter;
import dev.resiliency.redis.RedisResiliency;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A cluster-wide rate limiter on Redis: ours (one Lua script, GCRA, Redis clock, through Spring Data Redis and
 * Lettuce) against Bucket4j's Lettuce backend (compare-and-swap of the serialized bucket), on the same Redis, one
 * {@code tryAcquire(1)} per operation. {@code bucket=plenty}: 1,000,000 tokens per second and as many in the bucket,
 * every call granted; {@code bucket=empty}: 1 token per hour, every call rejected (after the first).
 *
 * <p>Needs a Redis: {@code -Dredis.host}/{@code -Dredis.port} (default 127.0.0.1:6379), else (or with
 * {@code -Dredis.port=own}) it starts {@code redis-server} on a free port itself. Run with {@code -t 1} and {@code -t 4}: Redis round trips dominate, so
 * concurrency shows how well each client pipelines on one connection.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class RedisRateLimiterBenchmark {

    @Param({"plenty", "empty"})
    public String bucket;

    private LocalRedis redis;
    private LettuceConnectionFactory connectionFactory;
    private RedisResiliency ourBackend;
    private RateLimiter ours;
    private RedisClient client;
    private StatefulRedisConnection<String, byte[]> connection;
    private Bucket bucket4j;

    @Setup
    public void setup() throws Exception {
        redis = LocalRedis.start();
        boolean plenty = bucket.equals("plenty");
        double rate = plenty ? 1_000_000 : 1.0 / 3600;
        int capacity = plenty ? 1_000_000 : 1;
        String run = UUID.randomUUID().toString();

        connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host, redis.port),
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(5)).build());
        connectionFactory.afterPropertiesSet();
        connectionFactory.start();
        ourBackend = RedisResiliency.builder(connectionFactory).keyPrefix("bench:" + run + ":").build();
        ours = RateLimiter.builder("ours").rate(rate).burstSize(capacity)
                .backend(ourBackend.rateLimiterBackend()).build();

        client = RedisClient.create(RedisURI.create(redis.host, redis.port));
        connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit -> plenty
                        ? limit.capacity(capacity).refillGreedy(1_000_000, Duration.ofSeconds(1))
                        : limit.capacity(capacity).refillGreedy(1, Duration.ofHours(1)))
                .build();
        bucket4j = Bucket4jLettuce.casBasedBuilder(connection)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofSeconds(10)))
                .build()
                .builder().build("bench:" + run + ":bucket4j", () -> configuration);
    }

    @TearDown
    public void tearDown() {
        ourBackend.close();
        connectionFactory.destroy();
        connection.close();
        client.shutdown();
        redis.close();
    }

    @Benchmark
    public boolean ours() {
        return ours.tryAcquire(1);
    }

    @Benchmark
    public boolean bucket4j() {
        return bucket4j.tryConsume(1);
    }
}
