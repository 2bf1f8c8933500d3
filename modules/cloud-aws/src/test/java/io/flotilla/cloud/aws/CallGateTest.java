package io.flotilla.cloud.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flotilla.cloud.CallPriority;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallGateTest {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  @Test
  void aRollbackSubmittedBehindQueuedDeletesAndCreatesLeavesNext() throws Exception {
    AtomicLong now = new AtomicLong();
    CallGate gate = new CallGate(new RateLimit(20, 2), timer, now::get, Runnable::run);
    List<String> started = Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<String>> calls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      calls.add(gate.submit(CallPriority.DELETE, record(started, "delete-" + i)));
      calls.add(gate.submit(CallPriority.CREATE, record(started, "create-" + i)));
    }
    // the burst of 2 went at once; 18 wait
    assertEquals(18, gate.waiting());
    CompletableFuture<String> rollback = gate.submit(CallPriority.ROLLBACK, record(started, "rollback"));
    CompletableFuture<String> shift = gate.submit(CallPriority.SHIFT, record(started, "shift"));
    // time moves one token (50 ms at 20/s) at a time
    while (started.size() < 22) {
      now.addAndGet(TimeUnit.MILLISECONDS.toNanos(50));
      Thread.sleep(5);
    }
    rollback.get(5, TimeUnit.SECONDS);
    shift.get(5, TimeUnit.SECONDS);
    for (CompletableFuture<String> call : calls) {
      call.get(5, TimeUnit.SECONDS);
    }
    assertEquals(List.of("delete-0", "create-0", "rollback", "shift"), started.subList(0, 4));
    // then every create before any waiting delete, each priority in arrival order
    List<String> rest = started.subList(4, started.size());
    assertEquals(List.of("create-1", "create-2", "create-3", "create-4", "create-5", "create-6", "create-7",
        "create-8", "create-9", "delete-1", "delete-2", "delete-3", "delete-4", "delete-5", "delete-6", "delete-7",
        "delete-8", "delete-9"), rest);
    assertEquals(22, gate.started());
    assertEquals(20, gate.delayed());
  }

  @Test
  void tokensRefillAtTheConfiguredRate() throws Exception {
    long[] now = {0};
    CallGate gate = new CallGate(new RateLimit(2, 3), timer, () -> now[0]);
    List<String> started = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 3; i++) {
      gate.submit(CallPriority.READ, record(started, "read-" + i)).get(1, TimeUnit.SECONDS);
    }
    CompletableFuture<String> fourth = gate.submit(CallPriority.READ, record(started, "read-3"));
    Thread.sleep(50);
    assertEquals(3, started.size(), "the burst is spent and the clock has not moved");
    now[0] = TimeUnit.MILLISECONDS.toNanos(500);
    assertEquals("read-3", fourth.get(5, TimeUnit.SECONDS), "half a second at 2/s buys one token");
    assertTrue(gate.waiting() == 0);
  }

  @Test
  void aFailingCallFailsOnlyItsOwnFuture() throws Exception {
    CallGate gate = new CallGate(new RateLimit(100, 1), timer, System::nanoTime);
    CompletableFuture<String> failing = gate.submit(CallPriority.READ,
        () -> CompletableFuture.failedFuture(new IllegalStateException("boom")));
    CompletableFuture<String> throwing = gate.submit(CallPriority.READ, () -> {
      throw new IllegalArgumentException("thrown while starting");
    });
    CompletableFuture<String> fine = gate.submit(CallPriority.READ, () -> CompletableFuture.completedFuture("ok"));
    assertEquals("ok", fine.get(5, TimeUnit.SECONDS));
    assertTrue(failing.isCompletedExceptionally());
    assertTrue(throwing.handle((value, failure) -> failure instanceof IllegalArgumentException).get(5, TimeUnit.SECONDS));
  }

  private static java.util.function.Supplier<CompletableFuture<String>> record(List<String> started, String name) {
    return () -> {
      started.add(name);
      return CompletableFuture.completedFuture(name);
    };
  }
}
