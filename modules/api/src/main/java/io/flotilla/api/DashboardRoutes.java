package io.flotilla.api;

import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResource;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResourceDirectory;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.pathSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeaders;

import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The dashboard: a single page at {@code /} and its static files under {@code /dashboard/}, from the classpath
 * directory {@code dashboard/}. The page and the application's own files are revalidated on every use (they are not
 * fingerprinted, and an upgrade must not leave a browser with old code); vendored libraries carry their version in
 * the path and are cached for a year. The page may only load from and connect to this node.
 */
public final class DashboardRoutes {
  static final String RESOURCES = "dashboard";
  private static final long ONE_YEAR_SECONDS = 365L * 24 * 60 * 60;
  // uPlot styles its elements through the style attribute, hence 'unsafe-inline' for styles only
  private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
      + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
      + "base-uri 'none'; frame-ancestors 'none'";

  private static final HttpHeader NO_SNIFF = RawHeader.create("X-Content-Type-Options", "nosniff");
  private static final HttpHeader REVALIDATE = CacheControl.create(CacheDirectives.NO_CACHE);
  private static final HttpHeader IMMUTABLE = CacheControl.create(CacheDirectives.PUBLIC,
      CacheDirectives.MAX_AGE(ONE_YEAR_SECONDS), CacheDirectives.IMMUTABLE);

  public Route route() {
    // paths first, then the method: a GET matched here must not cancel other routes' 405 for their paths
    return concat(
        pathSingleSlash(() -> get(this::page)),
        pathPrefix(RESOURCES, () -> get(() -> concat(
            pathPrefix("vendor", () -> headers(IMMUTABLE, () -> getFromResourceDirectory(RESOURCES + "/vendor"))),
            headers(REVALIDATE, () -> getFromResourceDirectory(RESOURCES))))));
  }

  private Route page() {
    return respondWithHeaders(List.of(REVALIDATE, NO_SNIFF,
            RawHeader.create("Content-Security-Policy", CONTENT_SECURITY_POLICY),
            RawHeader.create("Referrer-Policy", "no-referrer")),
        () -> getFromResource(RESOURCES + "/index.html"));
  }

  private static Route headers(HttpHeader cacheControl, Supplier<Route> inner) {
    return respondWithHeaders(List.of(cacheControl, NO_SNIFF), inner);
  }
}
