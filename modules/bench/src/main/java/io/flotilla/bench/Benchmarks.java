package io.flotilla.bench;

/** Entry point: {@code Benchmarks judge [releases]} runs the judge detection benchmark. */
public final class Benchmarks {
  private Benchmarks() {}

  public static void main(String[] args) {
    String which = args.length == 0 || args[0] == null || args[0].isBlank() || args[0].equals("${bench}")
        ? "judge" : args[0];
    switch (which) {
      case "judge" -> JudgeBenchmark.main(java.util.Arrays.copyOfRange(args, Math.min(1, args.length), args.length));
      default -> {
        System.err.println("unknown benchmark '" + which + "' (known: judge)");
        System.exit(2);
      }
    }
  }
}
