package io.flotilla.api;

import io.flotilla.engine.bulk.BulkRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The team check of a deployer's bulk release: every valid item's service must be of one of its teams. The fleet
 * view names the services of its teams in one query per team; only services it does not list there (another team's,
 * one created a moment ago, or none at all) are asked of their entity. A service that does not exist passes: its
 * item fails like an admin's would.
 */
final class BulkTeams {
  private static final int NAMED_IN_MESSAGE = 10;
  private static final int ALL = 1_000_000;

  private final ServiceDirectory directory;
  private final ServiceTeams teams;

  BulkTeams(ServiceDirectory directory, ServiceTeams teams) {
    this.directory = directory;
    this.teams = teams;
  }

  /** Completes when {@code principal} may release every item; fails with 403 naming other teams' services. */
  CompletionStage<Void> check(Principal principal, BulkRequestReader.Read read) {
    if (principal.isAdmin()) {
      return CompletableFuture.completedFuture(null);
    }
    Set<String> services = new LinkedHashSet<>();
    for (int i = 0; i < read.request().size(); i++) {
      BulkRequest.Item item = read.request().item(i);
      if (!read.invalid().containsKey(i)) {
        services.add(item.service());
      }
    }
    return ownServices(principal).thenCompose(own -> {
      List<CompletableFuture<Optional<String>>> asked = new ArrayList<>();
      List<String> unlisted = services.stream().filter(service -> !own.contains(service)).toList();
      unlisted.forEach(service -> asked.add(teams.teamOf(service).toCompletableFuture()));
      return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).thenApply(done -> {
        List<String> others = new ArrayList<>();
        for (int i = 0; i < unlisted.size(); i++) {
          Optional<String> team = asked.get(i).join();
          if (team.isPresent() && !principal.maySteer(team.get())) {
            others.add(unlisted.get(i) + " (team " + team.get() + ")");
          }
        }
        if (!others.isEmpty()) {
          throw Access.forbidden(others.size() + " of the bulk's services are not of the team(s) of '"
              + principal.name() + "' (" + principal.teamList() + "), so nothing was released: "
              + String.join(", ", others.subList(0, Math.min(NAMED_IN_MESSAGE, others.size())))
              + (others.size() > NAMED_IN_MESSAGE ? ", ..." : "") + "; that needs role admin");
        }
        return null;
      });
    });
  }

  private CompletionStage<Set<String>> ownServices(Principal principal) {
    CompletableFuture<Set<String>> all = CompletableFuture.completedFuture(new HashSet<>());
    for (String team : principal.teams()) {
      ServiceDirectory.Filter filter = new ServiceDirectory.Filter(Optional.empty(), Optional.empty(),
          Optional.of(team), Optional.empty(), Optional.empty());
      all = all.thenCombine(directory.list(filter, Optional.empty(), 0, ALL), (names, page) -> {
        page.services().forEach(summary -> names.add(summary.service()));
        return names;
      });
    }
    return all;
  }
}
