package io.flotilla.engine.accounts;

import io.flotilla.engine.CborSerializable;
import io.flotilla.model.Account;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * The accounts registered through the API, as one sharded, event-sourced entity (there are tens of accounts, not
 * thousands). Accounts from configuration are not stored here; {@link Accounts} merges both.
 */
public final class AccountRegistry
    extends EventSourcedBehavior<AccountRegistry.Command, AccountRegistry.Event, AccountRegistry.State> {
  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "AccountRegistry");
  /** The one entity id. */
  public static final String ID = "accounts";

  /** Messages of the registry. */
  public sealed interface Command extends CborSerializable {}

  /** Adds or replaces an account; the reply says {@code created}, {@code updated} or {@code unchanged}. */
  public record Put(Account account, String by, ActorRef<PutResult> replyTo) implements Command {}

  /** Every registered account, in registration order. */
  public record GetAll(ActorRef<Registered> replyTo) implements Command {}

  /** The outcome of a {@link Put}: {@code created}, {@code updated}, {@code unchanged}, or {@code conflict}. */
  public record PutResult(String outcome, String message) implements CborSerializable {}

  /** The registry's accounts. */
  public record Registered(List<Account> accounts) implements CborSerializable {}

  /** Events of the registry. */
  public sealed interface Event extends CborSerializable {}

  public record AccountPut(Account account, Instant at, String by) implements Event {}

  /** Accounts by id. */
  public record State(Map<String, Account> accounts) implements CborSerializable {
    State apply(Event event) {
      if (event instanceof AccountPut put) {
        Map<String, Account> next = new LinkedHashMap<>(accounts);
        next.put(put.account().id(), put.account());
        return new State(next);
      }
      return this;
    }
  }

  private final Clock clock;

  private AccountRegistry(PersistenceId persistenceId, Clock clock) {
    super(persistenceId);
    this.clock = clock;
  }

  public static Behavior<Command> create(Clock clock) {
    return new AccountRegistry(PersistenceId.of(TYPE_KEY.name(), ID), clock);
  }

  @Override
  public State emptyState() {
    return new State(Map.of());
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Put.class, this::onPut)
        .onCommand(GetAll.class, (state, get) -> {
          get.replyTo().tell(new Registered(List.copyOf(state.accounts().values())));
          return Effect().none();
        })
        .build();
  }

  private org.apache.pekko.persistence.typed.javadsl.Effect<Event, State> onPut(State state, Put put) {
    Account account = put.account();
    Optional<Account> clash = state.accounts().values().stream()
        .filter(other -> !other.id().equals(account.id()))
        .filter(other -> other.isNamed(account.alias()) || account.isNamed(other.alias()) || other.isNamed(account.id()))
        .findFirst();
    if (clash.isPresent()) {
      put.replyTo().tell(new PutResult("conflict", "alias '" + account.alias() + "' or id '" + account.id()
          + "' is already used by account '" + clash.get().id() + "'"));
      return Effect().none();
    }
    Account existing = state.accounts().get(account.id());
    if (account.equals(existing)) {
      put.replyTo().tell(new PutResult("unchanged", "account '" + account.id() + "' is already registered as given"));
      return Effect().none();
    }
    String outcome = existing == null ? "created" : "updated";
    return Effect().persist(new AccountPut(account, clock.instant(), put.by()))
        .thenRun(next -> put.replyTo().tell(new PutResult(outcome, "account '" + account.id() + "' " + outcome)));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(State::apply);
  }
}
