package io.flotilla.cloud;

/** The state of a monitoring alarm (CloudWatch's three states). */
public enum AlarmState {
  OK,
  ALARM,
  INSUFFICIENT_DATA
}
