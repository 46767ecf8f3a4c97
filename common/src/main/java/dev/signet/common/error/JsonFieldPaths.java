package dev.signet.common.error;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The path of a Bean Validation violation as the client wrote it: JSON property names
 * ({@code @JsonProperty("access_token_ttl_seconds")}) instead of Java ones, without the method and
 * parameter prefix, with {@code [i]} for list elements. Jackson itself says which JSON name a Java
 * property has, so the two cannot drift apart.
 */
final class JsonFieldPaths {

  private static final SerializationConfig JACKSON = new ObjectMapper().getSerializationConfig();
  private static final Map<JavaType, Map<String, BeanPropertyDefinition>> PROPERTIES =
      new ConcurrentHashMap<>();

  private JsonFieldPaths() {}

  static String of(ConstraintViolation<?> violation) {
    List<String> names = new ArrayList<>();
    String parameter = null;
    JavaType current = null;
    Object[] arguments = violation.getExecutableParameters();
    for (Path.Node node : violation.getPropertyPath()) {
      switch (node.getKind()) {
        case PARAMETER -> {
          parameter = node.getName();
          int index = node.as(Path.ParameterNode.class).getParameterIndex();
          Object argument = arguments != null && index < arguments.length ? arguments[index] : null;
          current = argument == null ? null : JACKSON.constructType(argument.getClass());
        }
        case PROPERTY -> {
          if (node.isInIterable() && !names.isEmpty()) {
            Object at = node.getIndex() != null ? node.getIndex() : node.getKey();
            names.set(names.size() - 1, names.get(names.size() - 1) + "[" + at + "]");
          }
          BeanPropertyDefinition property = current == null ? null : property(current, node);
          names.add(property == null ? node.getName() : property.getName());
          current = property == null ? null : elementType(property.getPrimaryType());
        }
        default -> {}
      }
    }
    if (names.isEmpty()) {
      return parameter != null ? parameter : violation.getPropertyPath().toString();
    }
    return String.join(".", names);
  }

  private static BeanPropertyDefinition property(JavaType owner, Path.Node node) {
    return PROPERTIES
        .computeIfAbsent(
            owner,
            type -> {
              Map<String, BeanPropertyDefinition> byJavaName = new ConcurrentHashMap<>();
              for (BeanPropertyDefinition p : JACKSON.introspect(type).findProperties()) {
                byJavaName.put(p.getInternalName(), p);
              }
              return byJavaName;
            })
        .get(node.getName());
  }

  /** Elements of a list or map are what a following path node refers to. */
  private static JavaType elementType(JavaType type) {
    return type != null && type.isContainerType() ? type.getContentType() : type;
  }
}
