package io.flotilla.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Generates the malformed requests of {@link FuzzTest} from a seed: the same seed gives the same requests. Every
 * request is one the API must refuse without changing anything, whatever the mutation did to it: specs are sent to
 * paths that name another service, valid release requests only to services that do not exist, actions only to idle
 * services (409), accounts only to the configuration's account (409), bulk items never name a valid service, and
 * reads always carry a parameter that is wrong. So any 2xx is a failure too.
 */
final class FuzzRequests {
  static final List<String> SEEDED = List.of("fuzz-a", "fuzz-b");
  static final List<String> GHOSTS = List.of("ghost-one", "ghost-two", "ghost-three");
  static final String TOKEN_HEADER = "Authorization: Bearer " + io.flotilla.testkit.TestNodeConfig.ADMIN_TOKEN;

  private static final List<String> ACTIONS = List.of("rollback", "pause", "resume", "promote", "abort");
  private static final List<String> METHODS = List.of("PATCH", "OPTIONS", "TRACE", "FROB", "get", "M-SEARCH",
      "PROPFIND", "DELETE", "PUT", "POST");
  private static final List<String> KNOWN_PATHS = List.of("/healthz", "/readyz", "/metrics", "/api/v1/services",
      "/api/v1/cluster", "/api/v1/events", "/api/v1/accounts", "/api/v1/orphans", "/", "/api/v1/releases/");
  private static final List<String> CONTENT_TYPES = List.of("", "application/", "application/json; charset=\"",
      "*/*", "text/plain", "application/json;;;", "application/json; charset=utf-16",
      "multipart/form-data; boundary=", "application/x-www-form-urlencoded", "application/yaml; charset=latin1",
      "application/yaml; charset=\u00e9", "text/yaml; charset=x-nonsense", "application/octet-stream", "json");
  private static final List<String> BAD_AUTH = List.of("", "Authorization: Bearer", "Authorization: Bearer wrong",
      "Authorization: Basic Zm9vOmJhcg==", "Authorization: Bearer " + "x".repeat(9000), "Authorization: \u00ff\u00fe",
      "Authorization: Bearer a b c", "Authorization: Negotiate", TOKEN_HEADER + "\r\n" + TOKEN_HEADER);

  private final Random random;

  FuzzRequests(long seed) {
    this.random = new Random(seed);
  }

  /** A request of a category, named by {@code category/variant}. */
  record Fuzz(String category, String variant, RawHttp.Request request) {}

  /** The categories, with their weights out of 100. */
  private record Category(String name, int weight, Function<FuzzRequests, Fuzz> make) {}

  private static final List<Category> CATEGORIES = List.of(
      new Category("truncated-json", 11, FuzzRequests::truncated),
      new Category("deep-nesting", 4, FuzzRequests::deep),
      new Category("wrong-types", 12, FuzzRequests::wrongTypes),
      new Category("mutation", 24, FuzzRequests::mutation),
      new Category("odd-unicode", 8, FuzzRequests::oddUnicode),
      new Category("invalid-utf8", 6, FuzzRequests::invalidUtf8),
      new Category("unknown-route-or-method", 10, FuzzRequests::unknownRoute),
      new Category("bad-headers", 12, FuzzRequests::badHeaders),
      new Category("query-garbage", 8, FuzzRequests::queryGarbage),
      new Category("yaml-specials", 5, FuzzRequests::yamlSpecials));

  Fuzz next() {
    int roll = random.nextInt(100);
    for (Category category : CATEGORIES) {
      roll -= category.weight();
      if (roll < 0) {
        Fuzz fuzz = category.make().apply(this);
        return random.nextInt(10) == 0 ? withBadAuth(fuzz) : fuzz;
      }
    }
    throw new IllegalStateException("weights do not add up to 100");
  }

  /** Bodies of tens of MiB, streamed; a few are enough (each costs the server a megabyte or less). */
  List<Fuzz> hugeBodies() {
    long mib = 1 << 20;
    return List.of(
        huge("PUT", "/api/v1/services/ghost-one", "application/yaml", 32 * mib, false),
        huge("PUT", "/api/v1/services/fuzz-a", "application/json", 20 * mib, true),
        huge("POST", "/api/v1/services/fuzz-a/releases", "application/json", 24 * mib, false),
        huge("POST", "/api/v1/releases", "application/json", 40 * mib, true),
        huge("PUT", "/api/v1/accounts/local", "application/json", 16 * mib, false),
        huge("GET", "/api/v1/no-such-thing", "application/json", 20 * mib, false));
  }

  private Fuzz huge(String method, String path, String contentType, long size, boolean chunked) {
    List<String> headers = baseHeaders();
    headers.add("Content-Type: " + contentType);
    headers.add(chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + size);
    return new Fuzz("huge-body", (chunked ? "chunked-" : "") + (size >> 20) + "MiB",
        new RawHttp.Request(method, path, headers, new byte[0], size));
  }

  // ---- categories

  private Fuzz truncated() {
    Target target = bodyTarget();
    String text = target.body();
    int cut = 1 + random.nextInt(Math.max(1, text.length() - 1));
    return fuzz("truncated-json", target.name(), target.withBody(text.substring(0, cut)));
  }

  private Fuzz deep() {
    Target target = bodyTarget();
    int depth = 10_000 + random.nextInt(90_000);
    return fuzz("deep-nesting", target.name() + "-" + (depth / 10_000 * 10) + "k",
        target.withBody(FuzzBodies.deeplyNested(depth, random)));
  }

  private Fuzz wrongTypes() {
    Target target = bodyTarget();
    return fuzz("wrong-types", target.name(), target.withBody(FuzzBodies.text(
        FuzzBodies.replaceOne(FuzzBodies.tree(target.body()), random, FuzzBodies::otherType))));
  }

  private Fuzz mutation() {
    Target target = bodyTarget();
    String body = target.body();
    return switch (random.nextInt(4)) {
      case 0 -> fuzz("mutation", "drop-" + target.name(), target.withBody(FuzzBodies.text(
          FuzzBodies.dropOne(FuzzBodies.tree(body), random))));
      case 1 -> fuzz("mutation", "duplicate-" + target.name(), target.withBody(FuzzBodies.duplicateFirstField(body)));
      case 2 -> fuzz("mutation", "rename-" + target.name(), target.withBody(FuzzBodies.text(
          FuzzBodies.renameOne(FuzzBodies.tree(body), random))));
      default -> fuzz("mutation", "flip-" + target.name(), target.withBody(flip(body)));
    };
  }

  private Fuzz oddUnicode() {
    String odd = pick(FuzzBodies.ODD_TEXT);
    return switch (random.nextInt(3)) {
      case 0 -> {
        Target target = bodyTarget();
        yield fuzz("odd-unicode", "body-" + target.name(), target.withBody(FuzzBodies.text(FuzzBodies.replaceOne(
            FuzzBodies.tree(target.body()), random, (value, r) -> com.fasterxml.jackson.databind.node.TextNode
                .valueOf(odd)))));
      }
      case 1 -> fuzz("odd-unicode", "path", request(pick(List.of("GET", "DELETE", "POST")),
          pick(List.of("/api/v1/services/", "/api/v1/accounts/", "/api/v1/releases/")) + percent(odd)
              + pick(List.of("", "/releases", "/rollback", "/revisions")), null, null));
      default -> fuzz("odd-unicode", "query", request("GET", pick(List.of("/api/v1/services?limit=",
          "/api/v1/events?service=", "/api/v1/events?since=", "/api/v1/services?offset=",
          "/api/v1/releases/bulk-0?state=")) + percent(odd), null, null));
    };
  }

  private Fuzz invalidUtf8() {
    Target target = bodyTarget();
    byte[] body = target.body().getBytes(StandardCharsets.UTF_8);
    byte[] bad = pick(FuzzBodies.INVALID_UTF8);
    int at = random.nextInt(body.length + 1);
    byte[] out = new byte[body.length + bad.length];
    System.arraycopy(body, 0, out, 0, at);
    System.arraycopy(bad, 0, out, at, bad.length);
    System.arraycopy(body, at, out, at + bad.length, body.length - at);
    if (random.nextInt(4) == 0) {
      StringBuilder path = new StringBuilder("/api/v1/services/");
      for (byte b : bad) {
        path.append(random.nextBoolean() ? String.format("%%%02X", b & 0xff) : String.valueOf((char) (b & 0xff)));
      }
      return fuzz("invalid-utf8", "path", request("GET", path.toString(), null, null));
    }
    return fuzz("invalid-utf8", target.name(), target.withBytes(out));
  }

  private Fuzz unknownRoute() {
    String method = pick(METHODS);
    if (random.nextBoolean()) {
      return fuzz("unknown-route-or-method", "known-path-" + method, request(method, pick(KNOWN_PATHS),
          null, null));
    }
    String path = pick(List.of("/api/v1/", "/api/v2/", "/", "/dashboard/", "/api/v1/services/fuzz-a/",
        "/api/v1/services/", "/api/", "/api/v1/releases/bulk-0/")) + randomSegment()
        + (random.nextBoolean() ? "/" + randomSegment() : "");
    String anyMethod = random.nextBoolean() ? pick(List.of("GET", "HEAD")) : method;
    return fuzz("unknown-route-or-method", "unknown-path-" + anyMethod, request(anyMethod, path, null, null));
  }

  private Fuzz badHeaders() {
    Target target = bodyTarget();
    byte[] body = target.body().getBytes(StandardCharsets.UTF_8);
    List<String> headers = baseHeaders();
    String variant;
    switch (random.nextInt(12)) {
      case 0 -> {
        variant = "content-type";
        headers.add("Content-Type: " + pick(CONTENT_TYPES));
        headers.add("Content-Length: " + body.length);
      }
      case 1 -> {
        variant = "content-length-short";
        headers.add("Content-Type: " + target.contentType());
        // not 0: a request without a body is valid where the body is optional (a sweep)
        headers.add("Content-Length: " + (1 + random.nextInt(Math.max(1, body.length - 1))));
      }
      case 2 -> {
        variant = "content-length-garbage";
        headers.add("Content-Type: " + target.contentType());
        // not empty: Pekko drops an empty Content-Length, and the request then has no body (a sweep is valid so)
        headers.add("Content-Length: " + pick(List.of("abc", "-1", "99999999999999999999999", "1e3", "0x10", "1, 2")));
      }
      case 3 -> {
        variant = "chunked-malformed";
        headers.add("Content-Type: " + target.contentType());
        headers.add("Transfer-Encoding: " + pick(List.of("chunked", "gzip, chunked", "identity", "chunked, chunked")));
        body = ("zz\r\n" + target.body() + "\r\n0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
      }
      case 4 -> {
        variant = "long-header";
        headers.add("Content-Type: " + target.contentType());
        headers.add("Content-Length: " + body.length);
        headers.add("X-Fuzz: " + "v".repeat(9000 + random.nextInt(20_000)));
      }
      case 5 -> {
        variant = "many-headers";
        headers.add("Content-Type: " + target.contentType());
        headers.add("Content-Length: " + body.length);
        for (int i = 0; i < 70 + random.nextInt(200); i++) {
          headers.add("X-Fuzz-" + i + ": " + i);
        }
      }
      case 6 -> {
        variant = "malformed-header";
        headers.add(pick(List.of("Bad Header: x", "NoColon", ": empty", "X-Folded: a\r\n  b", "X-Nul: a\u0000b",
            "Content-Type : application/json", "X-\u00e9: 1")));
        headers.add("Content-Type: " + target.contentType());
        headers.add("Content-Length: " + body.length);
      }
      case 7 -> {
        variant = "no-host";
        headers.removeIf(header -> header.startsWith("Host:"));
        headers.add("Content-Type: " + target.contentType());
        headers.add("Content-Length: " + body.length);
      }
      case 8 -> {
        variant = "idempotency-key";
        headers.add("Content-Type: " + target.contentType());
        headers.add("Content-Length: " + body.length);
        headers.add("Idempotency-Key: " + pick(List.of("", " ", "k".repeat(256 + random.nextInt(2000)),
            "\u00e9\u00ff", "a\tb", "key")));
        if (random.nextBoolean()) {
          headers.add("Idempotency-Key: second");
        }
      }
      case 9 -> {
        variant = "accept-expect";
        headers.add("Content-Type: " + target.contentType());
        headers.add("Content-Length: " + body.length);
        headers.add(pick(List.of("Accept: application/xml", "Accept: text/event-stream", "Accept: */*;q=abc",
            "Accept:", "Expect: 100-continue", "Expect: something-else", "Accept-Charset: latin1")));
      }
      case 10 -> {
        variant = "content-encoding";
        headers.add("Content-Type: " + target.contentType());
        headers.add("Content-Length: " + body.length);
        headers.add("Content-Encoding: " + pick(List.of("gzip", "deflate", "br", "x-unknown", "gzip, gzip")));
      }
      default -> {
        String line = pick(List.of("HTTP/1.0", "HTTP/3.7", "HTTP/1.1 extra", "HTTP/", "FTP/1.1"));
        // a target with a space is sent as the rest of the request line; the body keeps HTTP/1.0 requests invalid
        headers.add("Content-Type: " + target.contentType());
        headers.add("Content-Length: " + body.length);
        return fuzz("bad-headers", "request-line", new RawHttp.Request(target.method(), target.path() + " " + line,
            headers, body, 0));
      }
    }
    return fuzz("bad-headers", variant, new RawHttp.Request(target.method(), target.path(), headers, body, 0));
  }

  private Fuzz queryGarbage() {
    String bad = pick(List.of("-1", "abc", "99999999999", "1e3", "", "0x10", "+5", "%D9%A1%D9%A2", "1.5", "%00",
        "%20%205"));
    String target = switch (random.nextInt(10)) {
      case 0 -> "/api/v1/services?limit=" + bad + "&team=payments";
      case 1 -> "/api/v1/services?offset=" + bad + "&limit=5";
      case 2 -> "/api/v1/services?acount=local&cursor=" + bad;
      case 3 -> "/api/v1/events?service=fuzz-a&cursor=x" + bad;
      case 4 -> "/api/v1/events?since=" + pick(List.of("yesterday", "2026-13-01T00:00:00Z", bad)) + "x";
      case 5 -> "/api/v1/events?limit=" + bad + "&service=fuzz-a";
      case 6 -> pick(List.of("/api/v1/services/fuzz-a", "/api/v1/services/fuzz-a/revisions", "/api/v1/accounts",
          "/api/v1/cluster", "/api/v1/orphans", "/api/v1/accounts/local")) + "?" + pick(List.of("x=1", "verbose",
          "limit=5", "a=%ZZ", "cursor=x"));
      case 7 -> "/api/v1/releases/" + pick(List.of("bulk-0", "nope", "bulk-" + "0".repeat(24))) + "?state=" + bad
          + "x&limit=" + bad;
      case 8 -> "/api/v1/services?limit=1&limit=2&" + "q=" + bad;
      default -> "/api/v1/events?service=" + pick(List.of("Bad_Name", "x", "-a")) + "&account=" + bad + "!";
    };
    if (random.nextInt(8) == 0) {
      // cancelling a bulk that cannot exist, or with a parameter cancel does not take
      return fuzz("query-garbage", "cancel", request("POST", "/api/v1/releases/" + pick(List.of("bulk-0/cancel",
          "bulk-" + "0".repeat(24) + "/cancel?now=1", "nope/cancel", "bulk-" + "f".repeat(24) + "/cancel?x")), null,
          null));
    }
    if (random.nextInt(6) == 0) {
      // a delete with a parameter it does not know must be refused before anything is deleted
      return fuzz("query-garbage", "delete-with-parameter", request("DELETE", "/api/v1/services/" + pick(SEEDED)
          + "?" + pick(List.of("force=true", "x", "cascade=1")), null, null));
    }
    if (random.nextInt(5) == 0) {
      List<String> headers = baseHeaders();
      // not the last header: a value ending in a byte that is not UTF-8 swallows the line break after it, and the
      // head of the request would never end (the parser waits for the rest; only the idle timeout ends it)
      headers.add(0, "Last-Event-ID: " + pick(List.of("abc", "-1", "1e3", "\u00e9", "99999999999999999999999",
          "not-a-uuid", "00000000-0000-4000-8000-000000000000")));
      headers.add("Accept: text/event-stream");
      return fuzz("query-garbage", "sse-last-event-id", new RawHttp.Request("GET",
          pick(List.of("/api/v1/events?service=fuzz-a", "/api/v1/events")), headers, new byte[0], 0));
    }
    return fuzz("query-garbage", target.substring(0, target.indexOf('?') < 0 ? target.length() : target.indexOf('?')),
        request("GET", target, null, null));
  }

  private Fuzz yamlSpecials() {
    String head = "name: " + FuzzBodies.SPEC_NAME + "\nimage: demo/checkout\n";
    String yaml = pick(List.of(
        "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: &d [*c, *c]\n" + head,
        head + "runtime: !!python/object/apply:os.system [ls]\n",
        head + "runtime: !custom {port: 1}\n",
        head + "team: !!binary aGVsbG8=\n",
        head + "rollout: !!set {a, b}\n",
        head + "---\n" + head,
        "%YAML 1.3\n---\n" + head,
        "%TAG ! tag:evil.example.com,2000:\n---\n" + head + "team: !x y\n",
        head + "runtime:\n\tport: 1\n",
        head + "? [complex, key]\n: value\n",
        head + "~: null-key\n",
        head + "1: numeric-key\n",
        head + "runtime: {port: 0o17, minInstances: .inf, maxInstances: .nan}\n",
        head + "rollout: {steps: [{weight: 1e999}]}\n",
        head + "base: &base {port: 1}\nruntime: {<<: *base}\n",
        head + "team: 2001-12-14t21:59:43.10-05:00\n",
        head + "name: again\n",
        head + "env: \"unterminated\n",
        "[" + head + "]",
        head.repeat(1000)));
    String path = "/api/v1/services/" + pick(random.nextBoolean() ? SEEDED : GHOSTS);
    return fuzz("yaml-specials", "spec", request("PUT", path, "application/yaml",
        yaml.getBytes(StandardCharsets.UTF_8)));
  }

  // ---- targets: where a body goes, so that even its valid form changes nothing

  private record Target(String name, String method, String path, String contentType, String body,
      FuzzRequests owner) {
    RawHttp.Request withBody(String text) {
      return withBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    RawHttp.Request withBytes(byte[] bytes) {
      return owner.request(method, path, contentType, bytes);
    }
  }

  private Target bodyTarget() {
    String seeded = pick(SEEDED);
    String ghost = pick(GHOSTS);
    return switch (random.nextInt(9)) {
      case 0 -> new Target("spec-json", "PUT", "/api/v1/services/" + (random.nextBoolean() ? seeded : ghost),
          "application/json", FuzzBodies.SPEC_JSON, this);
      case 1 -> new Target("spec-yaml", "PUT", "/api/v1/services/" + (random.nextBoolean() ? seeded : ghost),
          "application/yaml", FuzzBodies.SPEC_JSON, this);
      case 2 -> new Target("release-ghost", "POST", "/api/v1/services/" + ghost + "/releases", "application/json",
          FuzzBodies.RELEASE, this);
      case 3 -> new Target("release-seeded", "POST", "/api/v1/services/" + seeded + "/releases",
          "application/json", FuzzBodies.BAD_RELEASE, this);
      case 4 -> new Target("action", "POST", "/api/v1/services/" + (random.nextBoolean() ? seeded : ghost) + "/"
          + pick(ACTIONS), "application/json", FuzzBodies.REASON, this);
      case 5 -> new Target("account", "PUT", "/api/v1/accounts/local", "application/json", FuzzBodies.ACCOUNT, this);
      case 6, 7 -> new Target("bulk", "POST", "/api/v1/releases", "application/json", FuzzBodies.BULK, this);
      default -> new Target("sweep", "POST", "/api/v1/orphans/sweep", "application/json", FuzzBodies.SWEEP, this);
    };
  }

  // ---- helpers

  private Fuzz fuzz(String category, String variant, RawHttp.Request request) {
    return new Fuzz(category, variant, request);
  }

  private RawHttp.Request request(String method, String path, String contentType, byte[] body) {
    List<String> headers = baseHeaders();
    if (contentType != null) {
      headers.add("Content-Type: " + contentType);
    }
    byte[] bytes = body == null ? new byte[0] : body;
    if (body != null) {
      headers.add("Content-Length: " + bytes.length);
    }
    return new RawHttp.Request(method, path, headers, bytes, 0);
  }

  private List<String> baseHeaders() {
    List<String> headers = new ArrayList<>();
    headers.add("Host: 127.0.0.1");
    headers.add(TOKEN_HEADER);
    headers.add("Connection: close");
    return headers;
  }

  private Fuzz withBadAuth(Fuzz fuzz) {
    List<String> headers = new ArrayList<>(fuzz.request().headers());
    headers.remove(TOKEN_HEADER);
    String bad = pick(BAD_AUTH);
    if (!bad.isEmpty()) {
      headers.add(bad);
    }
    RawHttp.Request request = fuzz.request();
    return new Fuzz(fuzz.category(), fuzz.variant() + "+bad-auth", new RawHttp.Request(request.method(),
        request.target(), headers, request.body(), request.streamed()));
  }

  private String flip(String text) {
    char[] chars = text.toCharArray();
    String pool = "{}[]\",:\\ \u0000\u00e9\ud800x0-";
    for (int i = 0; i < 1 + random.nextInt(3); i++) {
      chars[random.nextInt(chars.length)] = pool.charAt(random.nextInt(pool.length()));
    }
    return new String(chars);
  }

  private String randomSegment() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_.~%";
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 10 + random.nextInt(30); i++) {
      char c = alphabet.charAt(random.nextInt(alphabet.length()));
      out.append(c == '%' ? String.format("%%%02X", random.nextInt(256)) : String.valueOf(c));
    }
    return out.toString();
  }

  private static String percent(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      out.append(String.format("%%%02X", b & 0xff));
    }
    return out.toString();
  }

  private <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }
}
