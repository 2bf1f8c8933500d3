package io.flotilla.cloud.aws;

import io.flotilla.cloud.CloudException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** The one place that turns SDK failures into {@link CloudException}s, deciding which are worth retrying. */
final class AwsErrors {
  private AwsErrors() {}

  /** Completes like {@code stage}, with any failure translated. */
  static <T> CompletionStage<T> translated(String what, CompletionStage<T> stage) {
    CompletableFuture<T> out = new CompletableFuture<>();
    stage.whenComplete((value, failure) -> {
      if (failure == null) {
        out.complete(value);
      } else {
        out.completeExceptionally(translate(what, failure));
      }
    });
    return out;
  }

  static CloudException translate(String what, Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof CloudException cloud) {
      return cloud;
    }
    if (cause instanceof AwsServiceException service) {
      boolean retryable = service.isThrottlingException() || service.statusCode() >= 500 || service.retryable();
      String code = service.awsErrorDetails() == null ? "?" : service.awsErrorDetails().errorCode();
      return new CloudException(what + " failed: " + code + " (" + service.statusCode() + "): "
          + (service.awsErrorDetails() == null ? service.getMessage() : service.awsErrorDetails().errorMessage()), retryable, service);
    }
    if (cause instanceof SdkClientException client) {
      // I/O errors and timeouts on the way to AWS: the request may not have arrived, and our effects are idempotent.
      return new CloudException(what + " failed: " + client.getMessage(), true, client);
    }
    if (cause instanceof SdkException sdk) {
      return new CloudException(what + " failed: " + sdk.getMessage(), sdk.retryable(), sdk);
    }
    return new CloudException(what + " failed: " + cause, false, cause);
  }

  /** Whether the failure is an AWS error with one of these codes (e.g. a not-found one that an idempotent call ignores). */
  static boolean hasCode(Throwable failure, String... codes) {
    Throwable cause = unwrap(failure);
    if (cause instanceof CloudException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof AwsServiceException service && service.awsErrorDetails() != null
        && Arrays.asList(codes).contains(service.awsErrorDetails().errorCode());
  }

  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
