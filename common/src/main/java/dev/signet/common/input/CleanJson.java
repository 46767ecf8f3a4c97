package dev.signet.common.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Every JSON string a Signet service reads is refused when it holds NUL, a control character other
 * than tab and line breaks, or a lone surrogate: PostgreSQL cannot store them, and no field of any
 * API means them. One deserializer for all bodies, so no endpoint can forget the check.
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

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.registerModule(
        new SimpleModule("signet-clean-text")
            .addDeserializer(String.class, new CleanStringDeserializer()));
  }
}
