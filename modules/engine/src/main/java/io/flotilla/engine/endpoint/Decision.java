package io.flotilla.engine.endpoint;

import java.util.List;

/** The outcome of a command: the events to persist (possibly none) and the reply (null for internal reports). */
record Decision(List<EndpointEvent> events, Reply reply) {
  static Decision reject(Reply.Rejected rejection) {
    return new Decision(List.of(), rejection);
  }

  static Decision accept(Reply reply, EndpointEvent... events) {
    return new Decision(List.of(events), reply);
  }

  static Decision quietly(List<EndpointEvent> events) {
    return new Decision(events, null);
  }

  static final Decision NOTHING = new Decision(List.of(), null);
}
