package io.flotilla.bench;

import java.util.Arrays;

/**
 * Entry point: {@code Benchmarks judge [releases]} runs the judge detection benchmark, {@code Benchmarks fleet
 * [services] [clients] [query-seconds]} the fleet benchmark (bulk acceptance and persistence, fleet queries),
 * {@code Benchmarks failover [services]} the node crash benchmark (three nodes, one killed).
 * Arguments may also come as one space-separated word, as {@code -Dbench.args} passes them.
 */
public final class Benchmarks {
  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    String[] words = Arrays.stream(args).filter(arg -> arg != null)
        .flatMap(arg -> Arrays.stream(arg.trim().split("\\s+"))).filter(word -> !word.isEmpty())
        .toArray(String[]::new);
    String which = words.length == 0 ? "judge" : words[0];
    String[] rest = Arrays.copyOfRange(words, Math.min(1, words.length), words.length);
    switch (which) {
      case "judge" -> JudgeBenchmark.main(rest);
      case "fleet" -> FleetBenchmark.main(rest);
      case "failover" -> FailoverBenchmark.main(rest);
      default -> {
        System.err.println("unknown benchmark '" + which + "' (known: judge, fleet, failover)");
        System.exit(2);
      }
    }
  }
}
