package io.flotilla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The event-stream format, as Pekko HTTP writes it. */
class SseParserTest {
  private final List<SseParser.Message> messages = new ArrayList<>();
  private final SseParser parser = new SseParser(messages::add);

  private void feed(String... lines) {
    for (String line : lines) {
      parser.line(line);
    }
  }

  @Test
  void messagesCarryIdTypeAndData() {
    feed("data:{\"a\":1}", "event:StepHeld", "id:7", "", "data: x", "data: y", "", "");
    assertEquals(List.of(new SseParser.Message("7", "StepHeld", "{\"a\":1}"),
        new SseParser.Message("7", "message", "x\ny")), messages);
    assertEquals(Optional.of("7"), parser.lastId());
  }

  @Test
  void heartbeatsAndCommentsAreSkipped() {
    feed(":keep-alive", "", "data:", "", "event:ping", "");
    assertEquals(List.of(), messages);
  }

  @Test
  void aMessageCutOffByALostConnectionIsDroppedAndNotResumedPast() {
    feed("data:one", "id:1", "", "data:two-partial", "id:2");
    parser.reset();
    assertEquals(Optional.of("1"), parser.lastId(), "resume after the last complete message");
    feed("data:two", "id:2", "");
    assertEquals(List.of("one", "two"), messages.stream().map(SseParser.Message::data).toList());
  }
}
