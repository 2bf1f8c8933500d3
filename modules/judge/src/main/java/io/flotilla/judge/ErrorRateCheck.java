package io.flotilla.judge;

import io.flotilla.model.MetricCheck;
import io.flotilla.model.MetricType;

/**
 * Classifies an error-rate metric. The canary is HIGH when two things hold: a one-sided test says its error
 * proportion is higher than the baseline's ({@link ProportionTest}: Fisher's exact test on small tables, the pooled
 * two-proportion z-test on large ones, at {@code errorRateAlpha}, 0.001 by default), and the observed increase is
 * past the line at {@code increaseLineShare} (one half) of {@code maxIncrease}.
 *
 * <p>Why this shape: {@code maxIncrease} names the size of regression that must be caught (the default 0.01 is the
 * benchmark's +1 percentage point). Testing H0: increase &lt;= maxIncrease would catch a +1 pp regression only as
 * often as alpha; demanding significance and an observed increase above maxIncrease itself would catch it half the
 * time. Halfway between "no change" and maxIncrease is where the likelihood ratio of those two hypotheses crosses 1
 * under the normal approximation, so past it the data look more like the regression than like no change; the
 * significance test then keeps a good release from failing on noise. With 100 req/s per version and a 1% baseline,
 * 60 s of data (6,000 requests each) catch +1 pp about 9 times in 10 and a good canary fails about once in a thousand.
 * Because callers pass cumulative counts, every further interval adds power, while under H0 a fixed line becomes
 * ever harder to cross as the standard error shrinks, which is what keeps repeated looks safe.
 *
 * <p>LOW (fewer errors) is the mirror image; it scores as a pass.
 */
final class ErrorRateCheck {
  private ErrorRateCheck() {}

  static MetricResult classify(
      MetricCheck check, Sample baseline, Sample canary, int minRequests, JudgeSettings settings) {
    String name = check.name();
    String sourceError = sourceError(baseline, canary);
    if (sourceError != null) {
      return MetricResult.sourceFailed(name, MetricType.ERROR_RATE, check.critical(), sourceError);
    }
    long nb = baseline.requests();
    long nc = canary.requests();
    if (nb < minRequests || nc < minRequests) {
      return MetricResult.without(name, MetricType.ERROR_RATE, Classification.NO_DATA, check.critical(), nb, nc,
          name + ": too little traffic: n=" + nc + "/" + nb + " (canary/baseline), need " + minRequests + " each");
    }
    double baselineRate = (double) baseline.errors() / nb;
    double canaryRate = (double) canary.errors() / nc;
    double increase = canaryRate - baselineRate;
    double maxIncrease = check.maxIncrease() == null ? 0 : check.maxIncrease();
    double line = settings.increaseLineShare() * maxIncrease;

    ProportionTest.Result higher =
        ProportionTest.greater(canary.errors(), nc, baseline.errors(), nb, settings.fisherBelowExpected());
    ProportionTest.Result lower =
        ProportionTest.greater(baseline.errors(), nb, canary.errors(), nc, settings.fisherBelowExpected());
    boolean high = higher.pValue() < settings.errorRateAlpha() && increase > line;
    boolean low = lower.pValue() < settings.errorRateAlpha() && -increase > line;
    Classification classification = high ? Classification.HIGH : low ? Classification.LOW : Classification.PASS;

    String verdictPart = high ? "fails above +" + Text.pointsSize(line)
        : higher.pValue() < settings.errorRateAlpha() ? "significant but within +" + Text.pointsSize(line)
        : low ? "significantly fewer errors" : "not significant";
    String statistic = higher.test().equals(ProportionTest.Z_TEST) ? "z=" + Text.fixed(higher.statistic()) + ", "
        : "Fisher ";
    String reason = name + ": canary " + Text.percent(canaryRate) + " vs baseline " + Text.percent(baselineRate)
        + " (" + Text.points(increase) + ", " + verdictPart + ", maxIncrease " + Text.pointsSize(maxIncrease) + "), "
        + statistic + Text.p(higher.pValue()) + ", n=" + nc + "/" + nb;
    return new MetricResult(name, MetricType.ERROR_RATE, classification, check.critical(), baselineRate, canaryRate,
        higher.test(), higher.statistic(), higher.pValue(), increase, null, null, line, nb, nc, reason);
  }

  private static String sourceError(Sample baseline, Sample canary) {
    if (canary.countsError() != null) {
      return "canary counts: " + canary.countsError();
    }
    if (baseline.countsError() != null) {
      return "baseline counts: " + baseline.countsError();
    }
    for (Sample sample : new Sample[] {canary, baseline}) {
      if (sample.requests() < 0 || sample.errors() < 0 || sample.errors() > sample.requests()) {
        return (sample == canary ? "canary" : "baseline") + " counts are inconsistent: " + sample.errors()
            + " errors in " + sample.requests() + " requests";
      }
    }
    return null;
  }
}
