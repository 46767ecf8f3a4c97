package dev.signet.keyring.admin;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import dev.signet.keyring.rotation.PolicyBounds;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Arrays;

/**
 * An RSA modulus size the key ring generates ({@link PolicyBounds#RSA_KEY_SIZES}); other sizes
 * would be stored and then fail, or crawl, at the next key generation. Null is valid.
 */
@Documented
@Constraint(validatedBy = KeySize.Validator.class)
@Target({FIELD, PARAMETER, RECORD_COMPONENT})
@Retention(RUNTIME)
public @interface KeySize {
  String message() default "must be 2048, 3072 or 4096";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Checks the value against the supported sizes. */
  class Validator implements ConstraintValidator<KeySize, Integer> {
    @Override
    public boolean isValid(Integer value, ConstraintValidatorContext context) {
      return value == null || Arrays.stream(PolicyBounds.RSA_KEY_SIZES).anyMatch(s -> s == value);
    }
  }
}
