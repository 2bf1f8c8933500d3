package io.flotilla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Unified diffs of spec text. */
class SpecDiffTest {
  private static String lines(int from, int to) {
    StringBuilder out = new StringBuilder();
    for (int i = from; i <= to; i++) {
      out.append("line").append(i).append('\n');
    }
    return out.toString();
  }

  @Test
  void equalTextsHaveNoDiff() {
    assertEquals(List.of(), SpecDiff.unified("a\nb\n", "a\nb\n", "old", "new", 3));
  }

  @Test
  void oneChangedLineWithThreeLinesOfContext() {
    String before = lines(1, 10);
    String after = before.replace("line5\n", "LINE5\n");
    assertEquals(List.of(
        "--- old", "+++ new",
        "@@ -2,7 +2,7 @@",
        " line2", " line3", " line4", "-line5", "+LINE5", " line6", " line7", " line8"),
        SpecDiff.unified(before, after, "old", "new", 3));
  }

  @Test
  void distantChangesAreSeparateHunks() {
    String before = lines(1, 20);
    String after = before.replace("line2\n", "").replace("line18\n", "line18\nnew\n");
    assertEquals(List.of(
        "--- a", "+++ b",
        "@@ -1,5 +1,4 @@",
        " line1", "-line2", " line3", " line4", " line5",
        "@@ -16,5 +15,6 @@",
        " line16", " line17", " line18", "+new", " line19", " line20"),
        SpecDiff.unified(before, after, "a", "b", 3));
  }

  @Test
  void nearbyChangesShareAHunk() {
    String before = lines(1, 12);
    String after = before.replace("line4\n", "four\n").replace("line9\n", "nine\n");
    List<String> diff = SpecDiff.unified(before, after, "a", "b", 2);
    assertEquals("@@ -2,10 +2,10 @@", diff.get(2), String.join("\n", diff));
    assertEquals(1, diff.stream().filter(line -> line.startsWith("@@")).count());
  }

  @Test
  void aNewSpecIsAllAdditions() {
    assertEquals(List.of("--- none", "+++ file", "@@ -0,0 +1,2 @@", "+name: x", "+image: demo/x"),
        SpecDiff.unified("", "name: x\nimage: demo/x\n", "none", "file", 3));
  }

  @Test
  void aChangedValueInAYamlSpecIsOneRemovalAndOneAddition() {
    String before = "runtime:\n  minInstances: 2\n  maxInstances: 4\n";
    String after = "runtime:\n  minInstances: 3\n  maxInstances: 4\n";
    assertEquals(List.of(new SpecDiff.Edit(' ', "runtime:"), new SpecDiff.Edit('-', "  minInstances: 2"),
        new SpecDiff.Edit('+', "  minInstances: 3"), new SpecDiff.Edit(' ', "  maxInstances: 4")),
        SpecDiff.edits(before, after));
  }
}
