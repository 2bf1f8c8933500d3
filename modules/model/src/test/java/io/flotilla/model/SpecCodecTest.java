package io.flotilla.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpecCodecTest {
  static Stream<ServiceSpec> specs() {
    return Stream.of(
        SpecReaderTest.DESIGN_SPEC,
        TestSpecs.read("{}"),
        TestSpecs.read("{rollout: {preset: linear-30-every-2m, preview: true, previewHold: 1h30m}}"),
        TestSpecs.read("{analysis: {metrics: [], alarms: [a, b], onInconclusive: rollback, warmup: 1500ms}}"),
        TestSpecs.read("{runtime: {args: ['--port=8080', '-v', '#x', 'a: b'], env: {A: '8080', B: 'true', C: '~',"
            + " D: 'null', E: '0x1F', F: '1e3', G: '', H: '.5', I: 'yes', J: '5m', K: '- x', L: '1_000', M: '+1',"
            + " N: 'line1\\nline2', O: '\"quoted\"', P: ' padded '}}}"));
  }

  @ParameterizedTest
  @MethodSource("specs")
  void yamlRoundTripGivesAnEqualSpec(ServiceSpec spec) {
    assertEquals(spec, SpecCodec.readYaml(SpecCodec.toYaml(spec)));
  }

  @ParameterizedTest
  @MethodSource("specs")
  void jsonRoundTripGivesAnEqualSpec(ServiceSpec spec) {
    assertEquals(spec, SpecCodec.readJson(SpecCodec.toJson(spec)));
  }

  @Test
  void writesDurationsAsTextAndPresetsByName() {
    String yaml = SpecCodec.toYaml(TestSpecs.read("{rollout: {preset: canary-10-5m}}"));
    assertTrue(yaml.contains("preset: canary-10-5m"), yaml);
    assertFalse(yaml.contains("steps"), yaml);
    assertTrue(yaml.contains("interval: 1m"), yaml);
    assertTrue(yaml.contains("warmup: 30s"), yaml);
  }

  @Test
  void writesStepsWithoutZeroHolds() {
    String json = SpecCodec.toJson(SpecReaderTest.DESIGN_SPEC);
    assertTrue(json.replaceAll("\\s", "").contains("{\"weight\":50,\"hold\":\"10m\"},{\"weight\":100}]"), json);
  }

  @Test
  void yamlAndJsonOfTheSameSpecReadTheSame() {
    ServiceSpec spec = SpecCodec.readYaml(SpecReaderTest.DESIGN_YAML);
    assertEquals(SpecCodec.readJson(SpecCodec.toJson(spec)), SpecCodec.readYaml(SpecCodec.toYaml(spec)));
  }

  static Stream<Arguments> syntaxErrors() {
    return Stream.of(
        Arguments.of(true, "name: a: b\n", "line 1, column 8: mapping values are not allowed here"),
        Arguments.of(true, "name: [x\nimage: y\n", "line 2, column 6: expected ',' or ']'"),
        Arguments.of(true, "name: x\n\timage: y\n", "line 2, column 1: "),
        Arguments.of(true, "name: x\nname: y\n", "line 2, column 5: Duplicate field 'name'"),
        Arguments.of(true, "name: x\n---\nname: y\n", "line 3, column 1: only one document is allowed"),
        Arguments.of(false, "{\"name\": }", "line 1, column 10: Unexpected character ('}'"),
        Arguments.of(false, "{\"name\": \"x\"}\n{}", "line 2, column 1: unexpected content after the end"),
        Arguments.of(false, "{\"name\": \"x\", \"name\": \"y\"}", "line 1, column 21: Duplicate field 'name'"),
        Arguments.of(false, "{'name': 'x'}", "line 1, column 2: Unexpected character ('''"));
  }

  @ParameterizedTest
  @MethodSource("syntaxErrors")
  void syntaxErrorsNameTheLineAndColumn(boolean yaml, String text, String messageStart) {
    FieldError error = singleError(() -> SpecCodec.read(text, yaml));
    assertEquals("$", error.field());
    assertTrue(error.message().startsWith(messageStart), error.message());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  \n", "# only a comment\n"})
  void emptyDocumentsAreRejected(String text) {
    assertEquals(new FieldError("$", "the document is empty"), singleError(() -> SpecCodec.readYaml(text)));
  }

  @Test
  void documentsLargerThanOneMebibyteAreRejectedBeforeParsing() {
    String text = "name: x\n#" + "x".repeat(DocumentLimits.MAX_CHARS);
    assertEquals(new FieldError("$", "the document is larger than 1 MiB"),
        singleError(() -> SpecCodec.readYaml(text)));
  }

  @Test
  void documentsJustUnderTheSizeLimitAreRead() {
    String spec = "name: checkout\nimage: demo/checkout\n#";
    String text = spec + "x".repeat(DocumentLimits.MAX_CHARS - spec.length());
    assertEquals("checkout", SpecCodec.readYaml(text).name());
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void deepNestingIsRejected(boolean yaml) {
    String text = "{\"name\": " + "[".repeat(100) + "]".repeat(100) + "}";
    assertEquals(new FieldError("$", "objects and lists nest deeper than 64 levels"),
        singleError(() -> SpecCodec.read(text, yaml)));
  }

  static Stream<Arguments> overLimits() {
    String longString = "x".repeat(DocumentLimits.MAX_STRING_LENGTH + 1);
    String longName = "k".repeat(DocumentLimits.MAX_NAME_LENGTH + 1);
    String longNumber = "1".repeat(DocumentLimits.MAX_NUMBER_LENGTH + 1);
    return Stream.of(
        Arguments.of(false, "{\"name\": \"" + longString + "\"}", "a string is longer than 65536 characters"),
        Arguments.of(false, "{\"" + longName + "\": 1}", "a field name is longer than 1024 characters"),
        Arguments.of(false, "{\"name\": " + longNumber + "}", "a number is longer than 100 characters"),
        Arguments.of(true, "name: x\nruntime: {port: " + longNumber + "}\n", "a number is longer than 100 characters"));
  }

  @ParameterizedTest
  @MethodSource("overLimits")
  void valuesOverTheParserLimitsAreRejectedNamingTheLimit(boolean yaml, String text, String message) {
    FieldError error = singleError(() -> SpecCodec.read(text, yaml));
    assertEquals("$", error.field());
    assertTrue(error.message().endsWith(message), error.message());
  }

  @Test
  void longYamlStringsAreRejectedNamingTheField() {
    String text = "name: checkout\nimage: " + "x".repeat(DocumentLimits.MAX_STRING_LENGTH + 1) + "\n";
    assertEquals(new FieldError("image", "is longer than 65536 characters"),
        singleError(() -> SpecCodec.readYaml(text)));
  }

  @Test
  void deepNestingIsRejectedAtTenThousandLevelsToo() {
    String text = "{\"name\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}";
    assertEquals(new FieldError("$", "objects and lists nest deeper than 64 levels"),
        singleError(() -> SpecCodec.readJson(text)));
    assertEquals(new FieldError("$", "objects and lists nest deeper than 64 levels").field(),
        singleError(() -> SpecCodec.readYaml(text)).field());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "name: !!python/object/apply:os.system [ls]\nimage: x\n",
      "name: !custom checkout\nimage: x\n",
      "name: checkout\nimage: !<tag:example.com,2000:app/x> x\n",
      "name: checkout\nimage: x\nruntime: !!binary aGVsbG8=\n",
      "name: checkout\nimage: x\nruntime: !thing {port: 1}\n"})
  void yamlTagsOtherThanTheStandardOnesAreRejected(String text) {
    FieldError error = singleError(() -> SpecCodec.readYaml(text));
    assertTrue(error.message().contains("is not supported; only the standard tags"), error.message());
  }

  @Test
  void standardYamlTagsAreRead() {
    ServiceSpec spec = SpecCodec.readYaml(
        "name: !!str checkout\nimage: demo/checkout\nruntime: !!map {port: !!int 81}\n");
    assertEquals("checkout", spec.name());
    assertEquals(81, spec.runtime().port());
  }

  static Stream<Arguments> unclean() {
    return Stream.of(
        Arguments.of("{\"name\": \"checkout\", \"image\": \"demo\\u0000x\"}",
            new FieldError("image", "contains the control character U+0000 at character 4")),
        Arguments.of("{\"name\": \"checkout\", \"image\": \"x\", \"runtime\": {\"env\": {\"A\": \"\\ud800\"}}}",
            new FieldError("runtime.env.A",
                "contains an unpaired surrogate (U+D800) at character 0; text must be valid Unicode")),
        Arguments.of("{\"name\": \"checkout\", \"image\": \"x\", \"runtime\": {\"args\": [\"ok\", \"\\udc00!\"]}}",
            new FieldError("runtime.args[1]",
                "contains an unpaired surrogate (U+DC00) at character 0; text must be valid Unicode")),
        Arguments.of("{\"name\": \"checkout\", \"image\": \"x\", \"k\\u0007\": 1}",
            new FieldError("k\\u0007", "the field name contains the control character U+0007 at character 1")));
  }

  @ParameterizedTest
  @MethodSource("unclean")
  void textWithUnpairedSurrogatesOrControlCharactersIsRejectedNamingTheField(String json, FieldError expected) {
    assertEquals(expected, singleError(() -> SpecCodec.readJson(json)));
  }

  @Test
  void tabsNewlinesAndAstralCharactersAreFine() {
    ServiceSpec spec = SpecCodec.readJson("{\"name\": \"checkout\", \"image\": \"x\", \"runtime\": {\"env\": "
        + "{\"A\": \"tab\\there\\r\\nnew line \ud83d\ude80 \\ud83d\\ude80\"}}}");
    assertEquals("tab\there\r\nnew line \ud83d\ude80 \ud83d\ude80", spec.runtime().env().get("A"));
  }

  @Test
  void yamlAliasesAreRejected() {
    String billionLaughs = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nname: checkout\nimage: demo/checkout\n";
    assertEquals(new FieldError("$", "line 2, column 8: YAML aliases (*a) are not supported; repeat the value instead"),
        singleError(() -> SpecCodec.readYaml(billionLaughs)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "name: &n checkout\nimage: *n\n",
      "name: checkout\nimage: demo/checkout\nruntime: {args: [&a x, *a]}\n",
      "name: checkout\nimage: demo/checkout\nruntime: &r {port: 1}\nrollout: *r\n"})
  void yamlAliasesAreRejectedWhereverTheyAppear(String text) {
    assertTrue(singleError(() -> SpecCodec.readYaml(text)).message().contains("YAML aliases"));
  }

  @Test
  void aYamlAliasAsAKeyIsASyntaxError() {
    FieldError error = singleError(() -> SpecCodec.readYaml("name: x\nimage: y\nruntime:\n  env: {&k A: x, *k : y}\n"));
    assertTrue(error.message().startsWith("line 4, column 20: Expected a field name"), error.message());
  }

  @Test
  void yamlAnchorsWithoutAliasesAreHarmless() {
    assertEquals("checkout", SpecCodec.readYaml("name: &n checkout\nimage: demo/checkout\n").name());
  }

  @Test
  void aDocumentThatIsAListIsRejected() {
    assertEquals(new FieldError("$", "must be an object"), singleError(() -> SpecCodec.readJson("[1, 2]")));
  }

  @Test
  void sharedMappersWriteMapsSorted() throws Exception {
    Map<String, Integer> unsorted = new LinkedHashMap<>();
    unsorted.put("b", 2);
    unsorted.put("a", 1);
    assertEquals("{\"a\":1,\"b\":2}", Json.mapper().writeValueAsString(unsorted));
    assertEquals("a: 1\nb: 2\n", Yaml.mapper().writeValueAsString(unsorted));
  }

  private static FieldError singleError(Runnable read) {
    List<FieldError> errors = assertThrows(SpecValidationException.class, read::run).errors();
    assertEquals(1, errors.size(), errors.toString());
    return errors.get(0);
  }
}
