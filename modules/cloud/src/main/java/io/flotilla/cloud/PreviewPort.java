package io.flotilla.cloud;

import java.util.concurrent.CompletionStage;

/** A separate address that reaches only a new environment, with no production traffic ("testing in production"). */
public interface PreviewPort {
  /** Opens (or returns the existing) preview of the environment and returns its URL. */
  CompletionStage<String> openPreview(EndpointRef endpoint, String environmentId);

  CompletionStage<Void> closePreview(EndpointRef endpoint);
}
