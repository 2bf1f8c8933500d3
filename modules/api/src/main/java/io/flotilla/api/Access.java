package io.flotilla.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractMethod;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.SslSessionInfo;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Who may call the API: authenticates every request by its bearer token (401 with {@code WWW-Authenticate: Bearer}
 * when it has none or an unknown one, before anything is read or changed), applies the per-principal rate limit to
 * mutating calls (429 with {@code Retry-After}), and offers the role check the routes use (403 naming what was
 * needed).
 */
final class Access {
  private final AuthSettings settings;
  private final Authenticator authenticator;
  private final RateLimiter limiter;
  private final ApiJson json;

  Access(AuthSettings settings, ApiJson json) {
    this.settings = settings;
    this.authenticator = new Authenticator(settings.tokens());
    this.limiter = new RateLimiter(settings.mutationsPerSecond(), settings.burst(), System::nanoTime);
    this.json = json;
  }

  /** Runs {@code inner} with the request's principal, or answers 401; mutating calls pass the rate limit first. */
  Route authenticated(Function<Principal, Route> inner) {
    if (settings.mode() == AuthSettings.Mode.OFF) {
      return limited(Principal.ANONYMOUS_ADMIN, inner);
    }
    return optionalHeaderValueByName("Authorization", header -> extractRequest(request -> {
      // a bearer token wins; without one, a client certificate mapped in flotilla.auth.certificates
      Optional<Principal> principal = header.isPresent() ? header.flatMap(authenticator::authenticate)
          : certificatePrincipal(request);
      if (principal.isEmpty()) {
        return unauthorized(header.isEmpty() ? "authentication required: send Authorization: Bearer <token>"
            : "the bearer token is missing, malformed or not known; send Authorization: Bearer <token>",
            header.isPresent());
      }
      return limited(principal.get(), inner);
    }));
  }

  /** The principal of the TLS client certificate, when the connection has one and its subject is configured. */
  private Optional<Principal> certificatePrincipal(HttpRequest request) {
    if (settings.certificates().isEmpty()) {
      return Optional.empty();
    }
    Optional<SslSessionInfo> session = request.getAttribute(AttributeKeys.sslSession);
    if (session.isEmpty()) {
      return Optional.empty();
    }
    Certificate[] chain;
    try {
      chain = session.get().getSession().getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
    if (chain.length == 0 || !(chain[0] instanceof X509Certificate client)) {
      return Optional.empty();
    }
    return settings.certificates().stream().filter(entry -> entry.subject().equals(client.getSubjectX500Principal()))
        .map(AuthSettings.CertificateEntry::principal).findFirst();
  }

  private Route limited(Principal principal, Function<Principal, Route> inner) {
    return extractMethod(method -> {
      if (method.equals(HttpMethods.GET) || method.equals(HttpMethods.HEAD) || method.equals(HttpMethods.OPTIONS)) {
        return inner.apply(principal);
      }
      Optional<Duration> wait = limiter.acquire(principal.name());
      if (wait.isPresent()) {
        long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
        return complete(json.response(StatusCodes.TOO_MANY_REQUESTS, ApiError.of(ApiError.RATE_LIMITED,
                "too many changes from '" + principal.name() + "' (limit " + settings.mutationsPerSecond()
                + "/s, burst " + settings.burst() + "); retry after " + seconds + " s"))
            .addHeader(RawHeader.create("Retry-After", Long.toString(seconds))));
      }
      return inner.apply(principal);
    });
  }

  private Route unauthorized(String message, boolean tokenSent) {
    String challenge = tokenSent ? "Bearer realm=\"flotilla\", error=\"invalid_token\"" : "Bearer realm=\"flotilla\"";
    return complete(json.response(StatusCodes.UNAUTHORIZED, ApiError.of(ApiError.UNAUTHORIZED, message))
        .addHeader(RawHeader.create("WWW-Authenticate", challenge)));
  }

  /** {@code inner}, if the principal has at least {@code needed}; else 403 saying so. */
  static Route require(Principal principal, Role needed, String action, Supplier<Route> inner) {
    if (principal.role().compareTo(needed) < 0) {
      throw forbidden(action + " needs role " + needed.display() + (needed == Role.DEPLOYER ? " (of the service's team)"
          : "") + "; '" + principal.name() + "' has role " + principal.role().display());
    }
    return inner.get();
  }

  /** 403 for a principal that may not change a service of {@code team}. */
  static ApiException otherTeam(Principal principal, String service, String team) {
    return forbidden("changing service '" + service + "' of team '" + team + "' needs role admin or a deployer of "
        + "team '" + team + "'; '" + principal.name() + "' deploys for team(s) " + principal.teamList());
  }

  static ApiException forbidden(String message) {
    return new ApiException(StatusCodes.FORBIDDEN, ApiError.of(ApiError.FORBIDDEN, message));
  }
}
