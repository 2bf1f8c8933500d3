package io.flotilla.model;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The project's YAML {@link ObjectMapper}, configured like {@link Json#mapper()} and also bounding SnakeYAML
 * (aliases, nesting, document size, duplicate keys, no global tags). Writes block style with quotes only where a
 * value would otherwise read back as something else. The instance is shared: do not reconfigure it; {@code copy()} it to customise.
 */
public final class Yaml {
  private static final ObjectMapper MAPPER = create();

  private Yaml() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static ObjectMapper create() {
    // Jackson's parser never expands aliases (and SpecDocuments rejects them); these bound SnakeYAML itself.
    LoaderOptions loader = new LoaderOptions();
    loader.setMaxAliasesForCollections(10);
    loader.setAllowRecursiveKeys(false);
    loader.setNestingDepthLimit(DocumentLimits.MAX_NESTING_DEPTH);
    loader.setCodePointLimit(DocumentLimits.MAX_CHARS);
    loader.setAllowDuplicateKeys(false);
    loader.setTagInspector(tag -> false);
    YAMLFactory factory = YAMLFactory.builder()
        .loaderOptions(loader)
        .streamReadConstraints(DocumentLimits.streamReadConstraints())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .disable(YAMLGenerator.Feature.SPLIT_LINES)
        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
        .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
        .stringQuotingChecker(new NumberAwareQuoting())
        .build();
    return YAMLMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .build();
  }

  /**
   * The default checker leaves {@code 0x1F} or {@code 1e3} bare, and Jackson reads those back as numbers; quote any
   * string that starts like a number, except durations ({@code 5m}), which never read as one.
   */
  private static final class NumberAwareQuoting extends StringQuotingChecker.Default {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,18}(ms|s|m|h|d)){1,5}");

    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || startsLikeNumber(value) && !DURATION.matcher(value).matches();
    }

    private static boolean startsLikeNumber(String value) {
      return !value.isEmpty() && "0123456789+-.".indexOf(value.charAt(0)) >= 0;
    }
  }
}
