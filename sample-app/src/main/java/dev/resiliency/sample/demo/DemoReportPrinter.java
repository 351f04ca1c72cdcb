package dev.resiliency.sample.demo;

import java.time.Duration;
import java.util.Locale;

/** The demo report as text. */
final class DemoReportPrinter {

    private DemoReportPrinter() {
    }

    static String print(DemoReport report) {
        StringBuilder out = new StringBuilder();
        out.append('\n')
            .append("Resiliency sample -- demo report (").append(report.form()).append(" form)\n")
            .append("==========================================================\n\n");
        DemoReport.Herd herd = report.herd();
        out.append("1. Thundering herd -- UserProfile: cache + single-flight + retry\n")
            .append(format("   %d concurrent requests for one user, all cache misses%n", herd.callers()))
            .append(format("   downstream calls made: %d   (callers served: %d/%d)%n", herd.downstreamRequests(),
                    herd.served(), herd.callers()))
            .append(herd.firstFailure() == null ? "" : "   a caller failed with: " + herd.firstFailure() + "\n")
            .append(check(herd.downstreamRequests() == 1 && herd.served() == herd.callers(),
                    "one fetch shared by every caller")).append('\n');
        DemoReport.Tail tail = report.tail();
        out.append("2. Tail latency -- Search: retry + hedged requests\n")
            .append(format("   %d searches each way; downstream median 20 ms, 3%% of requests in a tail from 500 ms%n",
                    tail.requests()))
            .append(format("   %-18s %8s %8s%n", "", "p50", "p99"))
            .append(format("   %-18s %8s %8s%n", "without hedging", ms(tail.plainP50()), ms(tail.plainP99())))
            .append(format("   %-18s %8s %8s%n", "with hedging", ms(tail.hedgedP50()), ms(tail.hedgedP99())))
            .append(format("   hedges fired: %d (%.1f%% of searches), won by the hedge: %d%n", tail.hedged(),
                    100.0 * tail.hedged() / Math.max(1, tail.requests()), tail.hedgesWon()))
            .append(check(tail.hedgedP99().compareTo(tail.plainP99()) < 0, "hedging cuts the p99")).append('\n');
        DemoReport.Circuit circuit = report.circuit();
        out.append("3. Outage -- Inventory: circuit breaker in front of the full stack, product page fallback\n")
            .append(format("   inventory API down: circuit %s after %d failed calls (%d downstream requests)%n",
                    circuit.opened() ? "OPEN" : "still CLOSED", circuit.callsToOpen(), circuit.requestsToOpen()))
            .append(format("   %d product pages while open: %d downstream requests, %d rendered with \"Check back shortly\"%n",
                    circuit.callsWhileOpen(), circuit.requestsWhileOpen(), circuit.placeholders()))
            .append(format("   inventory API back: circuit %s %s after the outage ended%n",
                    circuit.closedAgain() ? "CLOSED" : "NOT closed", ms(circuit.closedAfter())))
            .append(check(circuit.opened() && circuit.requestsWhileOpen() == 0 && circuit.closedAgain(),
                    "opens on the outage, sheds all load, closes after it"))
            .append('\n');
        DemoReport.Semaphore semaphore = report.semaphore();
        out.append("4. Bounded pressure -- PaymentGateway: weighted semaphore (weight 2 of 10) + hedged\n")
            .append(format("   %d concurrent charges, payment API latency 600 ms, %d charges hedged%n",
                    semaphore.charges(), semaphore.hedges()))
            .append(format("   peak payment requests in flight: %d (limit %d), peak queue: %d charges%n",
                    semaphore.peakInFlight(), semaphore.limit(), semaphore.peakQueue()))
            .append(format("   non-blocking tryCharge while full: %d/5 rejected at once%n", semaphore.tryRejected()))
            .append(format("   all charges done in %s, %d/%d succeeded%n", ms(semaphore.elapsed()),
                    semaphore.succeeded(), semaphore.charges()))
            .append(check(semaphore.peakInFlight() <= semaphore.limit(), "never more than 10 requests in flight"))
            .append('\n')
            .append(report.asPromised() ? "Every figure is as the guide promises.\n"
                    : "SOME FIGURES ARE NOT AS THE GUIDE PROMISES (see above).\n")
            .append("Look at GET /actuator/resiliency and GET /simulated/stats for the live counters.\n");
        return out.toString();
    }

    private static String check(boolean ok, String claim) {
        return "   " + (ok ? "[ok] " : "[!!] ") + claim + "\n";
    }

    private static String ms(Duration duration) {
        return duration.toMillis() + " ms";
    }

    private static String format(String pattern, Object... arguments) {
        return String.format(Locale.ROOT, pattern, arguments);
    }
}
