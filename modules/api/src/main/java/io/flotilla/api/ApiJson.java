package io.flotilla.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.engine.bulk.BulkReply;
import io.flotilla.engine.endpoint.Reply;
import io.flotilla.model.ServiceSpec;
import io.flotilla.model.SpecCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.ResponseEntity;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;

/**
 * JSON of the API. The mapper starts as the one Pekko serialization configures for {@code jackson-json} (its modules,
 * ISO-8601 instants, its features) and is copied before the API's presentation choices are added, so that they
 * never change what Pekko writes on the wire: nulls omitted, specs written in the form PUT accepts (via
 * {@link SpecCodec#toTree}), replies without the {@code kind} discriminator the cluster protocol needs.
 */
public final class ApiJson {
  private final ObjectMapper mapper;

  private ApiJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public static ApiJson create(ActorSystem<?> system) {
    ObjectMapper serialization = JacksonObjectMapperProvider.get(system).getOrCreate("jackson-json", Optional.empty());
    ObjectMapper mapper = serialization.copy()
        .setSerializationInclusion(JsonInclude.Include.NON_NULL)
        .addMixIn(Reply.class, WithoutTypeInfo.class)
        .addMixIn(BulkReply.class, WithoutTypeInfo.class)
        .registerModule(new SimpleModule("flotilla-api").addSerializer(ServiceSpec.class, new SpecSerializer()));
    return new ApiJson(mapper);
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  public ObjectNode object() {
    return mapper.createObjectNode();
  }

  public JsonNode tree(Object value) {
    return mapper.valueToTree(value);
  }

  /** {@code value} as compact JSON text. */
  public String text(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A strict JSON entity; strict so that a response can be replayed (see {@link IdempotencyCache}). */
  public ResponseEntity entity(Object value) {
    try {
      return HttpEntities.create(ContentTypes.APPLICATION_JSON, mapper.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      // everything the API writes is a record or a tree; failing to write one is a bug
      throw new UncheckedIOException(e);
    }
  }

  public HttpResponse response(StatusCode status, Object value) {
    return HttpResponse.create().withStatus(status).withEntity(entity(value));
  }

  @JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
  private interface WithoutTypeInfo {}

  private static final class SpecSerializer extends JsonSerializer<ServiceSpec> {
    @Override
    public void serialize(ServiceSpec spec, JsonGenerator generator, SerializerProvider provider) throws IOException {
      generator.writeTree(SpecCodec.toTree(spec));
    }
  }
}
