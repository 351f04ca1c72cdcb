package dev.resiliency.redis.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * A Redis for the tests, decided at run time, never skipped: a {@code redis:7} container where a Docker engine
 * exists, else a {@code redis-server} child process on a free port ({@code .ci/run} installs the binary), else the
 * Redis on 127.0.0.1:6379 if one answers (which cannot be stopped, so outage tests fail with a clear message).
 * {@link #stop()} and {@link #start()} simulate an outage: pause/unpause for the container, kill/restart on the same
 * port for the process.
 */
public abstract class TestRedis implements AutoCloseable {

    public abstract String host();

    public abstract int port();

    /** Makes Redis unreachable. */
    public abstract void stop();

    /** Makes it reachable again, on the same address (its data may be gone). */
    public abstract void start();

    @Override
    public abstract void close();

    /** Starts the best Redis available here. */
    public static TestRedis launch() {
        if (dockerAvailable()) {
            try {
                return new ContainerRedis();
            } catch (RuntimeException noImage) {
                // an engine that cannot pull redis:7 (no registry access): use the local binary instead
                System.err.println("Docker is available but redis:7 did not start (" + noImage
                        + "); falling back to a redis-server process");
            }
        }
        if (binaryAvailable()) {
            return new ProcessRedis(freePort());
        }
        if (answersPing("127.0.0.1", 6379)) {
            return new ExternalRedis();
        }
        throw new IllegalStateException("No Redis for the tests: no Docker engine, no redis-server binary on the PATH"
                + " and nothing on 127.0.0.1:6379. Install redis-server (.ci/run does: apt-get install redis-server).");
    }

    private static Boolean docker; // decided once per JVM: the look-up takes seconds when there is no engine

    private static synchronized boolean dockerAvailable() {
        if (docker == null) {
            try {
                docker = DockerClientFactory.instance().isDockerAvailable();
            } catch (Throwable notThere) {
                docker = false;
            }
        }
        return docker;
    }

    private static boolean binaryAvailable() {
        try {
            Process process = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor() == 0;
        } catch (IOException | InterruptedException notThere) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Sends a raw PING; true on +PONG. */
    public static boolean answersPing(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = in.read(reply);
            return read > 0 && new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException unreachable) {
            return false;
        }
    }

    static void awaitPing(String host, int port, boolean expected, Duration within) {
        Awaitility.await("Redis on " + host + ":" + port + (expected ? " reachable" : " unreachable"))
                .atMost(within).pollInterval(Duration.ofMillis(20))
                .until(() -> answersPing(host, port) == expected);
    }

    /** {@code redis-server} as a child process of the test JVM. */
    static final class ProcessRedis extends TestRedis {

        private final int port;
        private Process process;

        ProcessRedis(int port) {
            this.port = port;
            start();
        }

        @Override
        public String host() {
            return "127.0.0.1";
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public synchronized void start() {
            try {
                process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind",
                        "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException ex) {
                throw new IllegalStateException("Could not start redis-server", ex);
            }
            awaitPing(host(), port, true, Duration.ofSeconds(10));
        }

        @Override
        public synchronized void stop() {
            if (process != null) {
                process.destroyForcibly();
                try {
                    process.waitFor();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                process = null;
            }
            awaitPing(host(), port, false, Duration.ofSeconds(10));
        }

        @Override
        public void close() {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }

    /** A {@code redis:7} container. */
    static final class ContainerRedis extends TestRedis {

        @SuppressWarnings("resource")
        private final GenericContainer<?> container = new GenericContainer<>("redis:7").withExposedPorts(6379);

        ContainerRedis() {
            container.start();
        }

        @Override
        public String host() {
            return container.getHost();
        }

        @Override
        public int port() {
            return container.getMappedPort(6379);
        }

        @Override
        public void stop() {
            DockerClientFactory.instance().client().pauseContainerCmd(container.getContainerId()).exec();
        }

        @Override
        public void start() {
            DockerClientFactory.instance().client().unpauseContainerCmd(container.getContainerId()).exec();
            awaitPing(host(), port(), true, Duration.ofSeconds(10));
        }

        @Override
        public void close() {
            container.stop();
        }
    }

    /** The Redis already running on 127.0.0.1:6379. */
    static final class ExternalRedis extends TestRedis {

        @Override
        public String host() {
            return "127.0.0.1";
        }

        @Override
        public int port() {
            return 6379;
        }

        @Override
        public void stop() {
            throw new IllegalStateException("The Redis on 127.0.0.1:6379 cannot be stopped by the tests: install"
                    + " redis-server (or Docker) so that they can launch their own");
        }

        @Override
        public void start() {
            stop();
        }

        @Override
        public void close() {
            // not ours
        }
    }
}
