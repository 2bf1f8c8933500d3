package io.flotilla.server;

import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM runs the node's coordinated shutdown (unbind HTTP, drain, hand shards off, leave the cluster) and then the
 * process exits with 0. The JVM's own SIGTERM handling would run the same coordinated shutdown from its shutdown hook,
 * but the process would then end with 143, which reads as a failure to anyone watching the exit status (scripts, a
 * supervisor); a leave that went as planned is a normal end. Other ways to end the JVM (SIGINT, System.exit) still go
 * through Pekko's shutdown hook.
 */
final class GracefulTermination {
  private static final Logger log = LoggerFactory.getLogger(GracefulTermination.class);

  /** Why the node shut down: it was asked to, with SIGTERM. */
  enum Sigterm implements CoordinatedShutdown.Reason {
    INSTANCE
  }

  private GracefulTermination() {}

  /** From now on SIGTERM makes the node leave gracefully; coordinated shutdown's exit-jvm ends the process. */
  static void install(ActorSystem<?> system) {
    Signal.handle(new Signal("TERM"), signal -> {
      log.info("SIGTERM: leaving the cluster (coordinated shutdown)");
      CoordinatedShutdown.get(system).run(Sigterm.INSTANCE);
    });
  }
}
