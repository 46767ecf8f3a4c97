package dev.signet.common.input;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link Clean} through {@link CleanText}. */
public class CleanValidator implements ConstraintValidator<Clean, String> {

  private boolean singleLine;

  @Override
  public void initialize(Clean annotation) {
    this.singleLine = annotation.singleLine();
  }

  @Override
  public boolean isValid(String value, ConstraintValidatorContext context) {
    return value == null
        || (singleLine ? !CleanText.hasControl(value) : !CleanText.isForbidden(value));
  }
}
