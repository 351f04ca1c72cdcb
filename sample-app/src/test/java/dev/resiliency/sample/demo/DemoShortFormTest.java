package dev.resiliency.sample.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The demo in its short form, as CI runs it: the application starts with {@code --demo=short}, runs every scenario
 * against its own simulated downstream over real HTTP, and the figures of its report are the guide's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, args = "--demo=short")
@ActiveProfiles("demo")
@DirtiesContext
class DemoShortFormTest {

    @Autowired
    DemoRunner demo;

    @Test
    void fiftyConcurrentMissesMakeOneDownstreamCall() {
        DemoReport.Herd herd = this.demo.report().herd();

        assertThat(herd.callers()).isEqualTo(50);
        assertThat(herd.served()).as("first failure: %s", herd.firstFailure()).isEqualTo(50);
        assertThat(herd.downstreamRequests()).isEqualTo(1);
    }

    @Test
    void hedgingCutsTheTailLatency() {
        DemoReport.Tail tail = this.demo.report().tail();

        assertThat(tail.hedgedP99()).isLessThan(tail.plainP99());
        assertThat(tail.hedged()).isPositive();
        assertThat(tail.hedgesWon()).isPositive();
    }

    @Test
    void theCircuitOpensDuringTheOutageShedsAllLoadAndClosesAfterIt() {
        DemoReport.Circuit circuit = this.demo.report().circuit();

        assertThat(circuit.opened()).isTrue();
        assertThat(circuit.callsToOpen()).isEqualTo(10); // minimum-calls 10, every call failed
        assertThat(circuit.requestsWhileOpen()).isZero();
        assertThat(circuit.placeholders()).isEqualTo(circuit.callsWhileOpen());
        assertThat(circuit.closedAgain()).isTrue();
    }

    @Test
    void theSemaphoreBoundsInFlightPaymentRequestsAtTen() {
        DemoReport.Semaphore semaphore = this.demo.report().semaphore();

        assertThat(semaphore.limit()).isEqualTo(10);
        assertThat(semaphore.peakInFlight()).isBetween(6, 10);
        assertThat(semaphore.succeeded()).isEqualTo(semaphore.charges());
        assertThat(semaphore.peakQueue()).isPositive();
        assertThat(semaphore.tryRejected()).isEqualTo(5);
    }

    @Test
    void theWholeReportIsAsPromisedSoTheDemoExitsWithZero() {
        assertThat(this.demo.report().asPromised()).isTrue();
        assertThat(this.demo.getExitCode()).isZero();
    }
}
