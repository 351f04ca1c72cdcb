package dev.resiliency.benchmarks.hedging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HedgingStudyTest {

  private static Profile tail() {
    return Profile.all().stream().filter(p -> p.name().equals("tail-2pct")).findFirst().orElseThrow().shrink(0.05);
  }

  @Test
  void nearestRankPercentile() {
    long[] oneToHundred = new long[100];
    for (int i = 0; i < 100; i++) {
      oneToHundred[i] = i + 1;
    }
    assertThat(Outcome.percentile(oneToHundred, 50)).isEqualTo(50);
    assertThat(Outcome.percentile(oneToHundred, 99)).isEqualTo(99);
    assertThat(Outcome.percentile(oneToHundred, 99.9)).isEqualTo(100);
    assertThat(Outcome.percentile(oneToHundred, 100)).isEqualTo(100);
    assertThat(Outcome.percentile(new long[] {7}, 0)).isEqualTo(7);
    assertThat(Outcome.percentile(new long[0], 50)).isZero();
  }

  @Test
  void latenciesAreTheSameForTheSameSeedAndDifferForAnother() {
    Profile profile = tail();
    assertThat(profile.latencies(2, 42)).isDeepEqualTo(profile.latencies(2, 42));
    assertThat(profile.latencies(2, 42)).isNotEqualTo(profile.latencies(2, 43));
  }

  @Test
  void theTailProfileHasAboutTwoPercentOfCopiesNearOneSecond() {
    Profile profile = Profile.all().get(0);
    long[][] latencies = profile.latencies(2, 42);
    long slow = 0;
    long total = 0;
    for (long[] row : latencies) {
      for (long nanos : row) {
        total++;
        if (nanos >= 900 * Profile.MS) {
          slow++;
        }
      }
    }
    assertThat((double) slow / total).isBetween(0.018, 0.022);
  }

  @Test
  void withoutHedgingEveryRequestSendsOneCopyAndTheTailShowsAtP99() {
    Outcome.Summary none = VirtualRun.run(tail(), Strategy.NONE, tail().latencies(2, 42)).summary();

    assertThat(none.extraRequests()).isZero();
    assertThat(none.requests()).isEqualTo(tail().measured());
    assertThat(none.p50()).isBetween(8.0, 12.0);
    assertThat(none.p99()).isGreaterThan(800.0);
  }

  @Test
  void adaptiveHedgingCutsTheTailWithFewExtraRequests() {
    Profile profile = tail();
    long[][] latencies = profile.latencies(2, 42);

    Outcome.Summary none = VirtualRun.run(profile, Strategy.NONE, latencies).summary();
    Outcome.Summary adaptive = VirtualRun.run(profile, Strategy.ADAPTIVE_P95, latencies).summary();

    assertThat(adaptive.p99()).isLessThan(none.p99() / 5);
    assertThat(adaptive.extraPercent()).isLessThanOrEqualTo(10.0);
    assertThat(adaptive.failures()).isZero();
  }

  @Test
  void aVirtualRunIsReproducible() {
    Profile profile = tail();
    long[][] latencies = profile.latencies(2, 42);
    Outcome.Summary first = VirtualRun.run(profile, Strategy.ADAPTIVE_P95, latencies).summary();
    Outcome.Summary second = VirtualRun.run(profile, Strategy.ADAPTIVE_P95, latencies).summary();
    assertThat(second.sortedNanos()).isEqualTo(first.sortedNanos());
    assertThat(second.extraRequests()).isEqualTo(first.extraRequests());
  }

  @Test
  void everyProfileComparesAgainstNoHedging() {
    for (Profile profile : Profile.all()) {
      assertThat(profile.strategies()).startsWith(Strategy.NONE);
    }
    assertThat(Profile.all()).extracting(Profile::name)
        .containsExactlyElementsOf(List.of("tail-2pct", "lognormal", "overload-ramp", "overload-flat"));
  }
}
