package io.flotilla.cassandra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Checks over plain TCP whether a port is open and whether it speaks the CQL native protocol. */
final class CqlProbe {

  // Native protocol v4 OPTIONS request: version, flags, stream id (2 bytes), opcode, body length 0.
  private static final byte[] OPTIONS_REQUEST = {0x04, 0, 0, 0, 0x05, 0, 0, 0, 0};
  private static final int RESPONSE_V4 = 0x84;
  private static final int OPCODE_SUPPORTED = 0x06;
  private static final int TIMEOUT_MILLIS = 1_000;

  private CqlProbe() {}

  static boolean acceptsConnections(String host, int port) {
    try (Socket socket = connect(host, port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** True if a CQL server answers an OPTIONS request with SUPPORTED, i.e. is ready for clients. */
  static boolean answersCql(String host, int port) {
    try (Socket socket = connect(host, port)) {
      OutputStream out = socket.getOutputStream();
      out.write(OPTIONS_REQUEST);
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] header = in.readNBytes(OPTIONS_REQUEST.length);
      return header.length == OPTIONS_REQUEST.length
          && (header[0] & 0xff) == RESPONSE_V4
          && header[4] == OPCODE_SUPPORTED;
    } catch (IOException e) {
      return false;
    }
  }

  private static Socket connect(String host, int port) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }
}
