package io.flotilla.cloud;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** Monitoring alarms a release watches (CloudWatch alarms on AWS, settable alarms in the local cloud). */
public interface AlarmPort {
  /** The state of each named alarm in the placement; an alarm that does not exist is {@code INSUFFICIENT_DATA}. */
  CompletionStage<Map<String, AlarmState>> states(Placement placement, List<String> names);
}
