package io.flotilla.cloud.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The demo image's behaviour per version, as {@code config/demo-catalog.yaml} describes it. A version is looked up
 * exactly first, then against the glob entries ({@code *} matches any text) in catalog order; versions matching
 * nothing get the catalog's default entry, which behaves well.
 */
public final class DemoCatalog {
  private static final String BUILT_IN = "demo-catalog.yaml";

  private final VersionBehavior fallback;
  private final Map<String, VersionBehavior> entries;
  private final List<Glob> globs;

  private record Glob(Pattern pattern, VersionBehavior behavior) {}

  private DemoCatalog(VersionBehavior fallback, Map<String, VersionBehavior> entries) {
    this.fallback = fallback;
    this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    List<Glob> found = new ArrayList<>();
    entries.forEach((key, behavior) -> {
      if (key.contains("*")) {
        found.add(new Glob(globPattern(key), behavior));
      }
    });
    this.globs = List.copyOf(found);
  }

  /** A catalog built in code: {@code versions} maps exact versions or globs to behaviour, in lookup order. */
  public static DemoCatalog of(VersionBehavior fallback, Map<String, VersionBehavior> versions) {
    return new DemoCatalog(fallback, versions);
  }

  /** The catalog shipped with the module: the repository's {@code config/demo-catalog.yaml}, no file needed. */
  public static DemoCatalog defaults() {
    try (InputStream in = DemoCatalog.class.getResourceAsStream(BUILT_IN)) {
      if (in == null) {
        throw new IllegalStateException("the built-in " + BUILT_IN + " is missing from the classpath");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in " + BUILT_IN);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a catalog file; throws {@link DemoCatalogException} naming every invalid version and field. */
  public static DemoCatalog load(Path file) throws IOException {
    return parse(Files.readString(file), file.toString());
  }

  /** Parses catalog YAML (or JSON); {@code source} names it in error messages. */
  public static DemoCatalog parse(String yaml, String source) {
    DemoCatalogReader.Result result = new DemoCatalogReader().read(yaml, source);
    return new DemoCatalog(result.fallback(), result.versions());
  }

  /**
   * Reads one entry in catalog form (YAML or JSON, e.g. {@code {errorRate: 0.5}}); what it leaves out comes from
   * {@code base}. A {@link VersionBehavior} written as JSON by the control API is in this form too.
   */
  public static VersionBehavior parseEntry(String text, String version, VersionBehavior base) {
    return new DemoCatalogReader().readEntry(text, version, base);
  }

  public VersionBehavior behaviorOf(String version) {
    VersionBehavior exact = entries.get(version);
    if (exact != null) {
      return exact;
    }
    for (Glob glob : globs) {
      if (glob.pattern().matcher(version).matches()) {
        return glob.behavior();
      }
    }
    return fallback;
  }

  public VersionBehavior fallback() {
    return fallback;
  }

  /** The entries by exact version or glob, in lookup order. */
  public Map<String, VersionBehavior> entries() {
    return entries;
  }

  private static Pattern globPattern(String glob) {
    List<String> literals = new ArrayList<>();
    for (String literal : glob.split("\\*", -1)) {
      literals.add(Pattern.quote(literal));
    }
    return Pattern.compile(String.join(".*", literals), Pattern.DOTALL);
  }
}
