package io.flotilla.cloud.local;

import io.flotilla.cloud.AlarmState;
import io.flotilla.cloud.Placement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The local cloud's alarms: set by hand (faults, control API), read by releases. Unknown alarms have no data. */
final class AlarmBoard {
  private final Map<Placement, Map<String, AlarmState>> alarms = new ConcurrentHashMap<>();

  void set(Placement placement, String name, AlarmState state) {
    alarms.computeIfAbsent(placement, key -> new ConcurrentHashMap<>()).put(name, state);
  }

  Map<String, AlarmState> states(Placement placement, List<String> names) {
    Map<String, AlarmState> known = alarms.getOrDefault(placement, Map.of());
    Map<String, AlarmState> out = new LinkedHashMap<>();
    names.forEach(name -> out.put(name, known.getOrDefault(name, AlarmState.INSUFFICIENT_DATA)));
    return out;
  }
}
