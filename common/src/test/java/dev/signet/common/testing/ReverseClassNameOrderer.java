package dev.signet.common.testing;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Runs test classes in reverse name order, to show no class depends on another having run first.
 * Quarkus orders classes itself (grouped by test profile), so Surefire's runOrder has no effect;
 * this plugs in as Quarkus' secondary orderer: {@code
 * -Djunit.quarkus.orderer.secondary-orderer=dev.signet.common.testing.ReverseClassNameOrderer}; any
 * module with a Quarkus test.
 */
public class ReverseClassNameOrderer implements ClassOrderer {

  @Override
  public void orderClasses(ClassOrdererContext context) {
    context
        .getClassDescriptors()
        .sort(Comparator.comparing((ClassDescriptor d) -> d.getTestClass().getName()).reversed());
  }
}
