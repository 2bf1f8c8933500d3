package io.flotilla.engine.bulk;

import io.flotilla.engine.CborSerializable;
import io.flotilla.engine.endpoint.Reply;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/** Everything a bulk release accepts: user commands (with a reply), and reports of its own asks and timers. */
public sealed interface BulkCommand extends CborSerializable {

  /** Create the bulk; the same request again answers {@code existing}, another request is refused. */
  record Create(BulkRequest request, String by, ActorRef<BulkReply> replyTo) implements BulkCommand {}

  /** The bulk's view with one page of its items: from {@code offset}, at most {@code limit}, of {@code only} if set. */
  record Get(int offset, int limit, ItemStatus only, ActorRef<BulkReply> replyTo) implements BulkCommand {}

  /** No new item starts; items in flight run to their end. */
  record Cancel(String by, ActorRef<BulkReply> replyTo) implements BulkCommand {}

  /** Endpoints answered these release requests (or could not be asked). */
  record Answered(List<Answer> answers) implements BulkCommand {}

  /** Endpoints reported how these releases stand (or could not be asked). */
  record Observed(List<Observation> observations) implements BulkCommand {}

  /** All or nothing: the services of these items do not exist; {@code failed}: how many could not be asked. */
  record ServicesChecked(List<Integer> unknown, int failed) implements BulkCommand {}

  /** An endpoint's answer to an item's release request, or why it could not be had ({@code failure}). */
  record Answer(int index, Reply reply, String failure) implements CborSerializable {}

  /** An endpoint's report of an item's release, or why it could not be had ({@code failure}). */
  record Observation(int index, Reply reply, String failure) implements CborSerializable {}

  /** Time to ask how releases in flight stand, and to ask again what could not be asked. */
  enum PollDue implements BulkCommand { INSTANCE }

  /** Nothing asked for a finished bulk for a while: it stops. */
  enum Idle implements BulkCommand { INSTANCE }
}
