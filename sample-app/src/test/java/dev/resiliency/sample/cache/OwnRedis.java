package dev.resiliency.sample.cache;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A Redis server this test owns and can stop: a {@code redis-server} process on a free port when the binary is
 * installed (as {@code .ci/run} ensures), else a container when Docker is there.
 */
final class OwnRedis {

    private final Process process;
    private final GenericContainer<?> container;
    private final int port;

    private OwnRedis(Process process, GenericContainer<?> container, int port) {
        this.process = process;
        this.container = container;
        this.port = port;
    }

    static OwnRedis start() throws Exception {
        String binary = findBinary();
        if (binary != null) {
            int port = RedisSupport.closedPort();
            Process process = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--protected-mode", "no")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
            try {
                // A process we just started has nothing to wait on: poll it until it answers, or exits.
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("redis-server exited with " + process.exitValue());
                    }
                    return RedisSupport.ping("127.0.0.1", port);
                });
            }
            catch (RuntimeException ex) {
                process.destroyForcibly();
                throw new IllegalStateException("redis-server did not start on port " + port, ex);
            }
            return new OwnRedis(process, null, port);
        }
        if (RedisSupport.dockerAvailable()) {
            GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse("redis:7-alpine"))
                .withExposedPorts(6379);
            container.start();
            return new OwnRedis(null, container, container.getMappedPort(6379));
        }
        throw new IllegalStateException("Neither a redis-server binary nor a Docker engine: install redis-server "
                + "(.ci/run does) to run this test");
    }

    String host() {
        return this.container != null ? this.container.getHost() : "127.0.0.1";
    }

    int port() {
        return this.port;
    }

    void stop() throws InterruptedException {
        if (this.process != null) {
            this.process.destroy();
            if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
                this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (this.container != null) {
            this.container.stop();
        }
    }

    private static String findBinary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir, "redis-server");
            if (candidate.canExecute()) {
                // Not the canonical path: on Debian redis-server is a link to redis-check-rdb, which acts by its name.
                return candidate.getAbsolutePath();
            }
        }
        File debian = new File("/usr/bin/redis-server");
        return debian.canExecute() ? debian.getPath() : null;
    }
}
