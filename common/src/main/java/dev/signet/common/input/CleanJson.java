package dev.signet.common.input;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Every JSON string a Signet service reads is refused when it holds NUL, a control character other
 * than tab and line breaks, or a lone surrogate: PostgreSQL cannot store them, and no field of any
 * API means them. One deserializer for all bodies, so no endpoint can forget the check.
 *
 * <p>The mapper is strict about shape too, because a lenient reader lets one value mean two things:
 * a key given twice is refused (which one wins differs between parsers, so a proxy or audit reader
 * could see the other one), and a number, a boolean or an integer is only read from its own JSON
 * type (a string {@code "600\u0000"} is not 600, {@code 600.9} is not 600).
 */
@Singleton
public class CleanJson implements ObjectMapperCustomizer {

  /** A JSON string with characters no Signet field takes; answered as 400 naming the field. */
  public static final class UncleanTextException extends InvalidFormatException {
    UncleanTextException(JsonParser parser, String value) {
      super(parser, "text holds NUL or control characters", value, String.class);
    }
  }

  /** The default string deserializer plus the check. */
  static final class CleanStringDeserializer extends StringDeserializer {
    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String value = super.deserialize(p, ctxt);
      if (CleanText.isForbidden(value)) {
        throw new UncleanTextException(p, value);
      }
      return value;
    }
  }

  /** Whether the parser refused a key given twice in one object. */
  public static boolean isDuplicateKey(JsonParseException e) {
    String message = e.getOriginalMessage();
    return message != null && message.startsWith("Duplicate field");
  }

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
    mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float}) {
      mapper
          .coercionConfigFor(type)
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    mapper.registerModule(
        new SimpleModule("signet-clean-text")
            .addDeserializer(String.class, new CleanStringDeserializer()));
  }
}
