package io.flotilla.engine.children;

import io.flotilla.cloud.CloudException;
import io.flotilla.engine.EngineSettings;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A child that performs one idempotent cloud call, retrying retryable failures with backoff and jitter, reports the
 * outcome to its parent as one message, and stops. Each call is bounded by the cloud call timeout.
 */
final class CloudCall {
  private CloudCall() {}

  private sealed interface Message {}

  private record Succeeded(Object message) implements Message {}

  private record Failed(Throwable cause) implements Message {}

  private enum Retry implements Message { INSTANCE }

  /**
   * @param call the effect; must be safe to repeat
   * @param onSuccess the report for the parent
   * @param onFailure the report when retries are exhausted or the failure is not retryable
   */
  static <T, R> Behavior<Void> behavior(
      Supplier<CompletionStage<T>> call,
      Function<T, R> onSuccess,
      Function<String, R> onFailure,
      ActorRef<? super R> parent,
      int attempts,
      EngineSettings settings) {
    return Behaviors.<Message>setup(context -> Behaviors.withTimers(timers -> {
      Runnable start = () -> context.pipeToSelf(
          call.get().toCompletableFuture().orTimeout(settings.cloudCallTimeout().toMillis(), TimeUnit.MILLISECONDS),
          (value, error) -> error == null ? new Succeeded(onSuccess.apply(value)) : new Failed(error));
      start.run();
      int[] attempt = {1};
      return Behaviors.receive(Message.class)
          .onMessage(Succeeded.class, succeeded -> {
            @SuppressWarnings("unchecked")
            R report = (R) succeeded.message();
            parent.tell(report);
            return Behaviors.stopped();
          })
          .onMessage(Failed.class, failed -> {
            Throwable cause = unwrap(failed.cause());
            if (!retryable(cause) || attempt[0] >= attempts) {
              parent.tell(onFailure.apply(describe(cause) + " (after " + attempt[0] + " attempt"
                  + (attempt[0] == 1 ? "" : "s") + ")"));
              return Behaviors.stopped();
            }
            Duration backoff = settings.backoff(attempt[0]);
            context.getLog().debug("cloud call failed, retrying in {}: {}", backoff, describe(cause));
            attempt[0]++;
            timers.startSingleTimer(Retry.INSTANCE, backoff);
            return Behaviors.same();
          })
          .onMessage(Retry.class, retry -> {
            start.run();
            return Behaviors.same();
          })
          .build();
    })).unsafeCast();
  }

  static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while (current instanceof CompletionException && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  static boolean retryable(Throwable cause) {
    return cause instanceof TimeoutException || !(cause instanceof CloudException cloud) || cloud.retryable();
  }

  static String describe(Throwable cause) {
    if (cause instanceof TimeoutException) {
      return "cloud call timed out";
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
