package dev.resiliency.sample.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Where the Redis of the Redis tests comes from: a Testcontainers container bound with {@code @ServiceConnection}
 * when a Docker engine is available, otherwise the local {@code redis-server} on 127.0.0.1:6379 that
 * {@code .ci/run} installs and starts. Neither available is a failure, never a skip: these tests must run.
 */
public final class RedisSupport {

    static final String LOCAL_HOST = "127.0.0.1";
    static final int LOCAL_PORT = 6379;

    private static Boolean docker;

    private RedisSupport() {
    }

    static synchronized boolean dockerAvailable() {
        if (docker == null) {
            boolean available;
            try {
                available = DockerClientFactory.instance().isDockerAvailable();
            }
            catch (RuntimeException | LinkageError ex) {
                available = false;
            }
            docker = available;
        }
        return docker;
    }

    /**
     * Properties for a test using Redis: fast timeouts, and the local server's address when there is no Docker
     * (with Docker the container's connection details win). Any {@code spring.data.redis.*} property switches the
     * application's cache to Redis.
     */
    static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.timeout", () -> "1s");
        registry.add("spring.data.redis.connect-timeout", () -> "1s");
        if (!dockerAvailable()) {
            requireLocalServer();
            registry.add("spring.data.redis.host", () -> LOCAL_HOST);
            registry.add("spring.data.redis.port", () -> LOCAL_PORT);
        }
    }

    /** Fails with instructions when no Redis answers on 127.0.0.1:6379. */
    static void requireLocalServer() {
        if (!ping(LOCAL_HOST, LOCAL_PORT)) {
            throw new IllegalStateException("No Docker engine for Testcontainers and no Redis answering PING on "
                    + LOCAL_HOST + ":" + LOCAL_PORT + ". Install and start one (.ci/run does: apt-get install -y "
                    + "redis-server; redis-server --daemonize yes), or run a Docker engine.");
        }
    }

    /** Whether a Redis server answers {@code PING} at host:port. */
    static boolean ping(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG");
        }
        catch (IOException ex) {
            return false;
        }
    }

    /** A TCP port nothing listens on (bound, then released). */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The Redis container, only when a Docker engine is there. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Container {

        @Bean
        @ServiceConnection(name = "redis")
        @Conditional(DockerAvailable.class)
        GenericContainer<?> redisContainer() {
            return new GenericContainer<>(DockerImageName.parse("redis:7-alpine")).withExposedPorts(6379);
        }
    }

    static class DockerAvailable implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return dockerAvailable();
        }
    }
}
