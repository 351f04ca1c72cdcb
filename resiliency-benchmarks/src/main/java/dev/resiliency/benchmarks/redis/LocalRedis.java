package dev.resiliency.benchmarks.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Redis the Redis benchmarks share: {@code -Dredis.host}/{@code -Dredis.port} (default 127.0.0.1:6379) if it
 * answers, else ({@code -Dredis.port=own} forces it) a {@code redis-server} child process on a free port, stopped
 * with the benchmark.
 */
final class LocalRedis implements AutoCloseable {

    final String host;
    final int port;
    private final Process process;

    private LocalRedis(String host, int port, Process process) {
        this.host = host;
        this.port = port;
        this.process = process;
    }

    static LocalRedis start() throws Exception {
        String host = System.getProperty("redis.host", "127.0.0.1");
        String port = System.getProperty("redis.port", "6379");
        if (!port.equals("own") && answersPing(host, Integer.parseInt(port))) {
            return new LocalRedis(host, Integer.parseInt(port), null);
        }
        int free;
        try (ServerSocket socket = new ServerSocket(0)) {
            free = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(free), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no")).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!answersPing("127.0.0.1", free)) {
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("redis-server did not start on port " + free);
            }
            Thread.sleep(20);
        }
        return new LocalRedis("127.0.0.1", free, process);
    }

    static boolean answersPing(String host, int port) {
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

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
        }
    }
}
