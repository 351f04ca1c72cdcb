package dev.resiliency.spring.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the JVM's threads are doing: the resiliency threads still running work, and the non-daemon threads.
 *
 * <p>The default executor on Java 17-20 is a cached pool whose idle threads retire after 60 seconds, so "back to
 * baseline" means: no {@code resiliency-*} thread is running anything (each is parked in its pool waiting for a
 * task), not that the idle ones are gone. A hedged copy or timer that outlived its call would show up here.
 */
final class ThreadAudit {

    private ThreadAudit() {
    }

    /** The {@code resiliency-*} threads not idle in their pool, with the top of their stacks. */
    static List<String> busyResiliencyThreads() {
        List<String> busy = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
            Thread thread = entry.getKey();
            if (thread.isAlive() && thread.getName().startsWith("resiliency-") && !idleInPool(entry.getValue())) {
                busy.add(thread.getName() + " " + top(entry.getValue()));
            }
        }
        return busy;
    }

    /**
     * The live non-daemon threads, by name, apart from the test infrastructure's: the HTTP server's (Jetty's
     * {@code qtp*} pool, which belongs to the fault injector, not to the code under test), Awaitility's poller and
     * JUnit's timeout watcher.
     */
    static Set<String> nonDaemonThreads() {
        Set<String> names = new TreeSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && !thread.isDaemon() && !isTestInfrastructure(thread.getName())) {
                names.add(thread.getName());
            }
        }
        return names;
    }

    private static boolean isTestInfrastructure(String name) {
        return name.startsWith("qtp") || name.startsWith("awaitility") || name.startsWith("junit-");
    }

    private static boolean idleInPool(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().equals("java.util.concurrent.ThreadPoolExecutor")
                    && frame.getMethodName().equals("getTask")) {
                return true;
            }
        }
        return false;
    }

    private static String top(StackTraceElement[] stack) {
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < Math.min(6, stack.length); i++) {
            frames.add(stack[i].toString());
        }
        return frames.toString();
    }
}
