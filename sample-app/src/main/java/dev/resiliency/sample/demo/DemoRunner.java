package dev.resiliency.sample.demo;

import dev.resiliency.sample.downstream.Downstream;
import dev.resiliency.sample.downstream.DownstreamTraffic;
import dev.resiliency.sample.payment.PaymentGateway;
import dev.resiliency.sample.product.ProductSections;
import dev.resiliency.sample.search.SearchClient;
import dev.resiliency.sample.simulated.SimulatedDownstream;
import dev.resiliency.sample.user.UserProfileService;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import dev.resiliency.spring.registry.HedgedRegistry;
import dev.resiliency.spring.registry.WeightedSemaphoreRegistry;
import java.io.PrintStream;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cache.CacheManager;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * {@code --demo} (or {@code --demo=short}, the CI form): once the application is up, runs scripted scenarios
 * against its own simulated downstream and prints a report -- 50 concurrent cache misses and the downstream calls
 * they make, p50/p99 without and with hedging, a circuit opening during an outage and closing after it, and the
 * semaphore bounding in-flight payment requests at 10 -- then the application exits, with status 1 if a figure is
 * not what the guide promises.
 */
@Component
@ConditionalOnProperty(name = "demo")
public class DemoRunner implements ApplicationRunner, ExitCodeGenerator {

    private final DemoScenarios scenarios;
    private final Progress progress;
    private final boolean full;
    private volatile DemoReport report;

    public DemoRunner(Environment environment, ObjectProvider<SimulatedDownstream> simulatedDownstream,
            UserProfileService users, CacheManager caches, SearchClient search, Downstream downstream,
            HedgedRegistry hedges, ProductSections sections, CircuitBreakerRegistry breakers, PaymentGateway gateway,
            WeightedSemaphoreRegistry semaphores, DownstreamTraffic traffic) {
        SimulatedDownstream simulated = simulatedDownstream.getIfAvailable();
        if (simulated == null) {
            throw new IllegalStateException("--demo runs against the simulated downstream, which is off: remove "
                    + "sample.simulated.enabled=false (and sample.downstream.base-url) to run the demo");
        }
        this.full = !"short".equalsIgnoreCase(environment.getProperty("demo", "").trim());
        PrintStream out = System.out;
        this.progress = new Progress(out, System.console() != null);
        this.scenarios = new DemoScenarios(DemoScenarios.Sizes.of(this.full), this.progress, simulated, users, caches,
                search, downstream, hedges, sections, breakers, gateway, semaphores, traffic);
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        this.progress.line("\nResiliency demo (" + (this.full ? "full" : "short") + " form), against the simulated "
                + "downstream served by this application\n");
        try {
            this.scenarios.warmUp();
            this.progress.line("[1/4] Thundering herd: 50 concurrent cache misses for one user");
            DemoReport.Herd herd = this.scenarios.thunderingHerd();
            this.progress.line("[2/4] Tail latency: searches without, then with hedging");
            DemoReport.Tail tail = this.scenarios.tailLatency();
            this.progress.line("[3/4] Outage: the inventory API goes down, then comes back");
            DemoReport.Circuit circuit = this.scenarios.outage();
            this.progress.line("[4/4] Bounded pressure: concurrent payment charges through the semaphore");
            DemoReport.Semaphore semaphore = this.scenarios.boundedPayments();
            this.report = new DemoReport(this.full ? "full" : "short", herd, tail, circuit, semaphore);
        }
        finally {
            this.scenarios.restore();
        }
        this.progress.line(DemoReportPrinter.print(this.report));
    }

    /** The report of the run, or null before it finished. */
    public DemoReport report() {
        return this.report;
    }

    @Override
    public int getExitCode() {
        DemoReport done = this.report;
        return done != null && done.asPromised() ? 0 : 1;
    }
}
