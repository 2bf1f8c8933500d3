package io.flotilla.server;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;

/**
 * HTTPS for the API from {@code flotilla.http.tls}: the server's key store, and for mutual TLS a trust store and
 * whether client certificates are wanted or needed. Certificate subjects map to principals in
 * {@code flotilla.auth.certificates}.
 */
final class HttpsContext {
  private HttpsContext() {}

  /** The HTTPS context, or empty when TLS is off. */
  static Optional<HttpsConnectionContext> from(Config config) {
    Config tls = config.getConfig("flotilla.http.tls");
    if (!tls.getBoolean("enabled")) {
      return Optional.empty();
    }
    String clientAuth = tls.getString("client-auth").trim().toLowerCase(Locale.ROOT);
    if (!clientAuth.equals("none") && !clientAuth.equals("want") && !clientAuth.equals("need")) {
      throw new IllegalArgumentException("flotilla.http.tls.client-auth: '" + clientAuth + "' is not none, want or need");
    }
    try {
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      char[] keyPassword = tls.getString("keystore-password").toCharArray();
      keys.init(load(tls, "keystore", keyPassword), keyPassword);
      TrustManagerFactory trust = null;
      if (!clientAuth.equals("none")) {
        trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(tls, "truststore", tls.getString("truststore-password").toCharArray()));
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
      return Optional.of(ConnectionContext.httpsServer(() -> {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        if (clientAuth.equals("need")) {
          engine.setNeedClientAuth(true);
        } else if (clientAuth.equals("want")) {
          engine.setWantClientAuth(true);
        }
        return engine;
      }));
    } catch (GeneralSecurityException | IOException e) {
      // the message names the file, never a password
      throw new IllegalArgumentException("flotilla.http.tls: cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static KeyStore load(Config tls, String key, char[] password) throws GeneralSecurityException,
      IOException {
    String file = tls.getString(key);
    if (file.isBlank() || !Files.isRegularFile(Path.of(file))) {
      throw new IllegalArgumentException("flotilla.http.tls." + key + ": needs an existing PKCS12 file (got '" + file
          + "')");
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      store.load(in, password);
    }
    return store;
  }
}
