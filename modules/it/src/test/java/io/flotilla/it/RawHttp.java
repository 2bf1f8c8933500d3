package io.flotilla.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * HTTP/1.1 over a plain socket, one request per connection: sends exactly the bytes it is given (invalid UTF-8,
 * malformed headers, unknown methods, bodies of tens of MiB streamed while the answer is read), which no HTTP client
 * library allows, and reads the answer until the server closes the connection.
 */
final class RawHttp {
  private static final int MAX_ANSWER = 1 << 20;
  private static final byte[] CHUNK = new byte[64 * 1024];

  static {
    Arrays.fill(CHUNK, (byte) 'x');
  }

  private final String host;
  private final int port;

  RawHttp(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /**
   * A request: the head and body as bytes, then {@code streamed} more body bytes written in 64 KiB pieces (as chunks
   * when a header says {@code Transfer-Encoding: chunked}). A target with a space in it is the rest of the request
   * line, version included.
   */
  record Request(String method, String target, List<String> headers, byte[] body, long streamed) {
    /** The bytes before the streamed part. */
    byte[] bytes() {
      StringBuilder head = new StringBuilder().append(method).append(' ').append(target)
          .append(target.contains(" ") ? "" : " HTTP/1.1").append("\r\n");
      headers.forEach(header -> head.append(header).append("\r\n"));
      head.append("\r\n");
      byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
      byte[] all = Arrays.copyOf(headBytes, headBytes.length + body.length);
      System.arraycopy(body, 0, all, headBytes.length, body.length);
      return all;
    }
  }

  /**
   * The server's answer: the status ({@code -1} when none came), the head, the body text, and how the exchange ended
   * when it did not end cleanly ({@code null} otherwise).
   */
  record Answer(int status, String head, String body, String failure) {
    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  Answer exchange(Request request) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 5_000);
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      Thread writer = null;
      if (request.streamed() > 0 || request.body().length > 16 * 1024) {
        // written on another thread: the server may answer (413) and close while the body is still being sent
        writer = new Thread(() -> stream(out, request), "raw-http-writer");
        writer.setDaemon(true);
        writer.start();
      } else {
        out.write(request.bytes());
        out.flush();
      }
      Answer answer = read(socket.getInputStream());
      if (writer != null) {
        writer.join(30_000);
      }
      return answer;
    } catch (IOException e) {
      return new Answer(-1, "", "", "connection failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(-1, "", "", "interrupted");
    }
  }

  private static void stream(OutputStream out, Request request) {
    boolean chunked = request.headers().contains("Transfer-Encoding: chunked");
    try {
      out.write(request.bytes());
      long left = request.streamed();
      while (left > 0) {
        int size = (int) Math.min(left, CHUNK.length);
        if (chunked) {
          out.write((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        out.write(CHUNK, 0, size);
        if (chunked) {
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        left -= size;
      }
      if (chunked) {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.flush();
    } catch (IOException closedByServer) {
      // expected once the server has answered 413 and closed; the answer tells
    }
  }

  private static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    byte[] buffer = new byte[16 * 1024];
    String failure = null;
    try {
      int n;
      while ((n = in.read(buffer)) >= 0 && received.size() < MAX_ANSWER) {
        received.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      failure = "no end of the answer within 15 s";
    } catch (SocketException e) {
      // a reset after the answer (the server closed with request bytes unread) is how a refused upload ends
      failure = received.size() == 0 ? "reset before any answer: " + e.getMessage() : null;
    }
    String text = received.toString(StandardCharsets.ISO_8859_1);
    int skipped = 0;
    while (text.startsWith("HTTP/1.1 100 ", skipped) && text.indexOf("\r\n\r\n", skipped) > 0) {
      // an interim 100 Continue before the answer
      skipped = text.indexOf("\r\n\r\n", skipped) + 4;
    }
    text = text.substring(skipped);
    int end = text.indexOf("\r\n\r\n");
    String head = end < 0 ? text : text.substring(0, end);
    String body = end < 0 ? "" : new String(received.toByteArray(), skipped + end + 4,
        received.size() - skipped - end - 4, StandardCharsets.UTF_8);
    return new Answer(status(head), head, body, failure);
  }

  private static int status(String head) {
    if (!head.startsWith("HTTP/1.") || head.length() < 12) {
      return -1;
    }
    try {
      return Integer.parseInt(head.substring(9, 12));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
