package io.flotilla.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of two texts (specs as YAML), rendered as a unified diff: {@code ---}/{@code +++} headers, then hunks
 * {@code @@ -a,b +c,d @@} with removed lines {@code -}, added lines {@code +} and a few unchanged lines of context.
 * The edit script is a longest common subsequence, which specs (tens of lines) afford.
 */
final class SpecDiff {
  // beyond this many line pairs the quadratic table is not worth it: show everything as replaced
  private static final long MAX_CELLS = 4_000_000L;

  /** One line of the edit script: {@code ' '} kept, {@code '-'} removed, {@code '+'} added. */
  record Edit(char kind, String text) {}

  private SpecDiff() {}

  static List<Edit> edits(String before, String after) {
    List<String> a = lines(before);
    List<String> b = lines(after);
    List<Edit> edits = new ArrayList<>();
    if ((long) a.size() * b.size() > MAX_CELLS) {
      a.forEach(line -> edits.add(new Edit('-', line)));
      b.forEach(line -> edits.add(new Edit('+', line)));
      return edits;
    }
    int[][] common = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        common[i][j] = a.get(i).equals(b.get(j)) ? common[i + 1][j + 1] + 1
            : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        edits.add(new Edit(' ', a.get(i++)));
        j++;
      } else if (j == b.size() || i < a.size() && common[i + 1][j] >= common[i][j + 1]) {
        edits.add(new Edit('-', a.get(i++)));
      } else {
        edits.add(new Edit('+', b.get(j++)));
      }
    }
    return edits;
  }

  /** The unified diff from {@code before} to {@code after}; empty when they are equal. */
  static List<String> unified(String before, String after, String beforeLabel, String afterLabel, int context) {
    List<Edit> edits = edits(before, after);
    List<String> out = new ArrayList<>();
    if (edits.stream().allMatch(edit -> edit.kind() == ' ')) {
      return out;
    }
    out.add("--- " + beforeLabel);
    out.add("+++ " + afterLabel);
    int index = 0;
    while (index < edits.size()) {
      int firstChange = next(edits, index);
      if (firstChange < 0) {
        break;
      }
      int start = Math.max(index, firstChange - context);
      int end = firstChange;
      // extend the hunk while the next change is close enough for the contexts to touch
      int change = firstChange;
      while (change >= 0) {
        end = change;
        int following = next(edits, change + 1);
        change = following >= 0 && following - end - 1 <= 2 * context ? following : -1;
      }
      end = Math.min(edits.size() - 1, end + context);
      out.addAll(hunk(edits, start, end));
      index = end + 1;
    }
    return out;
  }

  private static List<String> hunk(List<Edit> edits, int start, int end) {
    int oldLine = 1;
    int newLine = 1;
    for (int k = 0; k < start; k++) {
      oldLine += edits.get(k).kind() != '+' ? 1 : 0;
      newLine += edits.get(k).kind() != '-' ? 1 : 0;
    }
    int oldCount = 0;
    int newCount = 0;
    List<String> body = new ArrayList<>();
    for (int k = start; k <= end; k++) {
      Edit edit = edits.get(k);
      oldCount += edit.kind() != '+' ? 1 : 0;
      newCount += edit.kind() != '-' ? 1 : 0;
      body.add(edit.kind() + edit.text());
    }
    List<String> out = new ArrayList<>();
    out.add("@@ -" + range(oldCount == 0 ? oldLine - 1 : oldLine, oldCount) + " +"
        + range(newCount == 0 ? newLine - 1 : newLine, newCount) + " @@");
    out.addAll(body);
    return out;
  }

  private static String range(int start, int count) {
    return count == 1 ? Integer.toString(start) : start + "," + count;
  }

  private static int next(List<Edit> edits, int from) {
    for (int k = from; k < edits.size(); k++) {
      if (edits.get(k).kind() != ' ') {
        return k;
      }
    }
    return -1;
  }

  private static List<String> lines(String text) {
    return text.isEmpty() ? List.of() : text.lines().toList();
  }
}
