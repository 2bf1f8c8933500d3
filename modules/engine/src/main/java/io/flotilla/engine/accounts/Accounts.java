package io.flotilla.engine.accounts;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import io.flotilla.cloud.Placement;
import io.flotilla.engine.accounts.AccountRegistry.PutResult;
import io.flotilla.model.Account;
import io.flotilla.model.AccountReader;
import io.flotilla.model.Json;
import io.flotilla.model.SpecValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * Every account Flotilla knows: those in configuration ({@code flotilla.accounts}, read-only) and those registered
 * through the API (stored in {@link AccountRegistry}). Each node keeps a copy, refreshed every few seconds and after
 * each change, so the cloud adapter can look an account up without a round trip.
 */
public final class Accounts {
  /** Where an account is defined. */
  public enum Source { CONFIG, API }

  /** One account and where it is defined. */
  public record Entry(Account account, Source source) {}

  private final List<Account> configured;
  private final EntityRef<AccountRegistry.Command> registry;
  private final Duration askTimeout;
  private volatile List<Account> registered = List.of();

  Accounts(List<Account> configured, EntityRef<AccountRegistry.Command> registry, Duration askTimeout) {
    this.configured = List.copyOf(configured);
    this.registry = registry;
    this.askTimeout = askTimeout;
  }

  /** Starts the node's copy: loads the registry now and every {@code refresh}. */
  public static Accounts start(ActorSystem<?> system, List<Account> configured, Duration askTimeout, Duration refresh) {
    Accounts accounts = new Accounts(configured,
        ClusterSharding.get(system).entityRefFor(AccountRegistry.TYPE_KEY, AccountRegistry.ID), askTimeout);
    system.scheduler().scheduleWithFixedDelay(Duration.ZERO, refresh, accounts::refreshQuietly, system.executionContext());
    return accounts;
  }

  /** The accounts of {@code flotilla.accounts}, validated like API input; a bad entry stops the node with its path. */
  public static List<Account> fromConfig(Config config) {
    List<Account> out = new ArrayList<>();
    if (!config.hasPath("flotilla.accounts")) {
      return out;
    }
    List<? extends ConfigValue> values = config.getList("flotilla.accounts");
    for (int i = 0; i < values.size(); i++) {
      try {
        Account account = AccountReader.read(Json.mapper().valueToTree(values.get(i).unwrapped()), null);
        if (out.stream().anyMatch(other -> other.isNamed(account.id()) || other.isNamed(account.alias()))) {
          throw new IllegalArgumentException("flotilla.accounts[" + i + "]: id or alias of '" + account.id() + "' is used twice");
        }
        out.add(account);
      } catch (SpecValidationException e) {
        throw new IllegalArgumentException("flotilla.accounts[" + i + "]: " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** All accounts, configuration first, read fresh from the registry. */
  public CompletionStage<List<Entry>> list() {
    return refresh().thenApply(done -> entries());
  }

  /** Accounts as this node last saw them. */
  public List<Entry> entries() {
    List<Entry> out = new ArrayList<>();
    configured.forEach(account -> out.add(new Entry(account, Source.CONFIG)));
    registered.stream().filter(account -> configuredNamed(account.id()).isEmpty())
        .forEach(account -> out.add(new Entry(account, Source.API)));
    return out;
  }

  /**
   * Registers or replaces an API account; an account from configuration cannot be changed here. {@code by} is the
   * principal asking, recorded in the registry's event.
   */
  public CompletionStage<PutResult> put(Account account, String by) {
    Optional<Account> fromConfig = configured.stream()
        .filter(other -> other.isNamed(account.id()) || other.isNamed(account.alias()) || account.isNamed(other.alias()))
        .findFirst();
    if (fromConfig.isPresent()) {
      return CompletableFuture.completedFuture(new PutResult("conflict", "account '" + fromConfig.get().id()
          + "' is defined in configuration (flotilla.accounts); change it there, or use another id and alias"));
    }
    return registry.<PutResult>ask(replyTo -> new AccountRegistry.Put(account, by, replyTo), askTimeout)
        .thenCompose(result -> refresh().thenApply(done -> result));
  }

  /** The account named {@code idOrAlias} as this node last saw it. */
  public Optional<Account> cached(String idOrAlias) {
    return configuredNamed(idOrAlias)
        .or(() -> registered.stream().filter(account -> account.isNamed(idOrAlias)).findFirst());
  }

  /** The account named {@code idOrAlias}, reading the registry again if this node does not know it yet. */
  public CompletionStage<Optional<Account>> find(String idOrAlias) {
    Optional<Account> known = cached(idOrAlias);
    if (known.isPresent()) {
      return CompletableFuture.completedFuture(known);
    }
    return refresh().thenApply(done -> cached(idOrAlias));
  }

  /** Every (account id, region) Flotilla may deploy to, as this node last saw them. */
  public Set<Placement> placements() {
    Set<Placement> out = new LinkedHashSet<>();
    entries().forEach(entry -> entry.account().regions().forEach(region -> out.add(new Placement(entry.account().id(), region))));
    return out;
  }

  private Optional<Account> configuredNamed(String idOrAlias) {
    return configured.stream().filter(account -> account.isNamed(idOrAlias)).findFirst();
  }

  private CompletionStage<Void> refresh() {
    return registry.<AccountRegistry.Registered>ask(AccountRegistry.GetAll::new, askTimeout)
        .thenAccept(found -> registered = found.accounts());
  }

  private void refreshQuietly() {
    refresh().exceptionally(failure -> null);
  }
}
