package io.flotilla.cassandra;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Stands in for a Cassandra left running by an earlier run: answers every CQL OPTIONS request with
 * a SUPPORTED header, which is all {@link CqlProbe} looks at. Saves a real server start per test.
 */
final class FakeCqlServer implements AutoCloseable {

  private static final byte[] SUPPORTED_HEADER = {(byte) 0x84, 0, 0, 0, 0x06, 0, 0, 0, 0};

  private final ServerSocket socket;

  private FakeCqlServer(ServerSocket socket) {
    this.socket = socket;
  }

  static FakeCqlServer start() throws IOException {
    FakeCqlServer server = new FakeCqlServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    Thread acceptor = new Thread(server::serve, "fake-cql-server");
    acceptor.setDaemon(true);
    acceptor.start();
    return server;
  }

  int port() {
    return socket.getLocalPort();
  }

  boolean isOpen() {
    return !socket.isClosed();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket client = socket.accept()) {
        InputStream in = client.getInputStream();
        if (in.readNBytes(SUPPORTED_HEADER.length).length == SUPPORTED_HEADER.length) {
          client.getOutputStream().write(SUPPORTED_HEADER);
        }
      } catch (IOException closedOrClientGone) {
        // The probe may hang up without sending anything; keep accepting until closed.
      }
    }
  }
}
