package io.flotilla.cli;

import java.io.PrintWriter;

/**
 * How a followed release is shown: on a terminal, event lines scroll above a progress bar redrawn in place; anywhere
 * else (a CI log, a pipe) one line per event and nothing redrawn.
 */
interface ReleaseView {
  /** A line that stays: an event, a note. */
  void line(String text);

  /** The current progress; a plain view ignores it. */
  void progress(String text);

  /** Removes whatever is drawn in place; lines printed afterwards start at the left margin. */
  void finish();

  static ReleaseView of(PrintWriter out, boolean bar, int columns) {
    return bar ? new Bar(out, columns) : new Lines(out);
  }

  /** One line per event. */
  final class Lines implements ReleaseView {
    private final PrintWriter out;

    Lines(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void line(String text) {
      out.println(text);
      out.flush();
    }

    @Override
    public void progress(String text) {}

    @Override
    public void finish() {
      out.flush();
    }
  }

  /** Lines above a bar that is redrawn with a carriage return and an erase-line sequence. */
  final class Bar implements ReleaseView {
    private static final String CLEAR_LINE = "\r\u001b[2K";
    private final PrintWriter out;
    private final int columns;
    private String bar = "";

    Bar(PrintWriter out, int columns) {
      this.out = out;
      this.columns = columns;
    }

    @Override
    public void line(String text) {
      out.print(CLEAR_LINE + text + System.lineSeparator() + bar);
      out.flush();
    }

    @Override
    public void progress(String text) {
      // wider than the terminal would wrap, and the carriage return would then redraw only the last part
      String fitted = text.length() < columns ? text : text.substring(0, Math.max(0, columns - 4)) + "...";
      if (!fitted.equals(bar)) {
        bar = fitted;
        out.print(CLEAR_LINE + bar);
        out.flush();
      }
    }

    @Override
    public void finish() {
      out.print(CLEAR_LINE);
      out.flush();
      bar = "";
    }
  }
}
