package io.flotilla.judge;

import java.util.Locale;

/** Number formats for the one-line reasons: rates in percent, p-values like {@code 2e-9}, milliseconds. */
final class Text {
  private Text() {}

  /** A rate (0..1) as a percentage: {@code 5.9%}, {@code 0.05%}. */
  static String percent(double rate) {
    double percent = rate * 100;
    return (percent != 0 && Math.abs(percent) < 0.1 ? format("%.2f", percent) : format("%.1f", percent)) + "%";
  }

  /** A difference of rates in percentage points, signed: {@code +5.0 pp}. */
  static String points(double difference) {
    double points = difference * 100;
    return (points != 0 && Math.abs(points) < 0.1 ? format("%+.2f", points) : format("%+.1f", points)) + " pp";
  }

  /** A rate difference as an unsigned size: {@code 1.0 pp}. */
  static String pointsSize(double difference) {
    return points(Math.abs(difference)).substring(1);
  }

  /** A p-value with one significant digit below 0.01 ({@code p=2e-9}), two above ({@code p=0.34}). */
  static String p(double p) {
    return p == 0 ? "p<1e-300" : "p=" + pNumber(p);
  }

  private static String pNumber(double p) {
    if (p >= 0.01) {
      return format("%.2g", p).replaceFirst("(\\.\\d*?)0+$", "$1").replaceFirst("\\.$", "");
    }
    String scientific = format("%.0e", p);
    int e = scientific.indexOf('e');
    return scientific.substring(0, e) + "e" + Integer.parseInt(scientific.substring(e + 1));
  }

  /** Milliseconds with precision that suits their size: {@code 160 ms}, {@code 20.4 ms}, {@code 0.85 ms}. */
  static String millis(double millis) {
    double size = Math.abs(millis);
    String number = size >= 100 ? format("%.0f", millis) : size >= 10 ? format("%.1f", millis) : format("%.2f", millis);
    return number + " ms";
  }

  /** A signed shift in milliseconds, numbers only: {@code +4.2}. */
  static String signedMillis(double millis) {
    double size = Math.abs(millis);
    return size >= 100 ? format("%+.0f", millis) : size >= 10 ? format("%+.1f", millis) : format("%+.2f", millis);
  }

  /** Two decimals: {@code 4.85}. */
  static String fixed(double value) {
    return format("%.2f", value);
  }

  /** A confidence level as a label: {@code 98%}. */
  static String percentConfidence(double confidence) {
    double percent = confidence * 100;
    return (percent == Math.rint(percent) ? format("%.0f", percent) : format("%s", percent)) + "%";
  }

  /** A ratio: {@code x2.00}. */
  static String ratio(double ratio) {
    return Double.isInfinite(ratio) ? "xinf" : format("x%.2f", ratio);
  }

  /** A percentile label: {@code p99}, {@code p99.9}. */
  static String percentile(double level) {
    return level == Math.rint(level) ? "p" + (long) level : "p" + format("%s", level);
  }

  /** A number in the shortest plain form: {@code 975}, {@code 1.9e+07} for large ones. */
  static String number(double value) {
    return Math.abs(value) >= 1e6 ? format("%.3g", value) : value == Math.rint(value) ? format("%.0f", value)
        : format("%.2f", value);
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
