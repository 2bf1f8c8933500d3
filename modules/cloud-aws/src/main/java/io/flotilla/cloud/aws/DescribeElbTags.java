package io.flotilla.cloud.aws;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;

/** DescribeTags on any ELBv2 resources (rules, target groups, ...), 20 ARNs per call as AWS allows, batches in parallel. */
final class DescribeElbTags {
  static final int BATCH = 20;

  private DescribeElbTags() {}

  /** Tags by resource ARN. */
  static CompletionStage<Map<String, Map<String, String>>> run(AwsCalls calls, List<String> arns) {
    List<String> distinct = arns.stream().distinct().toList();
    List<CompletableFuture<Map<String, Map<String, String>>>> batches = new ArrayList<>();
    for (int from = 0; from < distinct.size(); from += BATCH) {
      List<String> batch = distinct.subList(from, Math.min(distinct.size(), from + BATCH));
      batches.add(calls.elb(ApiFamily.ELB_DESCRIBE, client -> client.describeTags(request -> request.resourceArns(batch)))
          .thenApply(response -> {
            Map<String, Map<String, String>> out = new HashMap<>();
            response.tagDescriptions().forEach(description -> {
              Map<String, String> tags = new HashMap<>();
              description.tags().forEach((Tag tag) -> tags.put(tag.key(), tag.value()));
              out.put(description.resourceArn(), tags);
            });
            return out;
          }));
    }
    return CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new)).thenApply(done -> {
      Map<String, Map<String, String>> out = new HashMap<>();
      batches.forEach(batch -> out.putAll(batch.join()));
      return out;
    });
  }
}
