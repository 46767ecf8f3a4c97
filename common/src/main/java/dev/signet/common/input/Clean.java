package dev.signet.common.input;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Bean Validation for text from outside: no NUL, control characters or lone surrogates (see {@link
 * CleanText}); with {@code singleLine} (the default) no tab or line break either. Null is valid.
 */
@Documented
@Constraint(validatedBy = CleanValidator.class)
@Target({FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface Clean {
  String message() default "must not contain NUL or control characters";

  /** False for free text (descriptions) that may hold tabs and line breaks. */
  boolean singleLine() default true;

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
