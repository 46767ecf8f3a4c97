package dev.signet.admin;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Runs test classes in reverse order of their names, to show no class depends on one that usually
 * runs before it. Surefire's {@code runOrder} has no effect here, because the JUnit platform orders
 * the classes again (Quarkus' profile-aware orderer, by class name); this orderer replaces its
 * secondary order: {@code
 * -Djunit.quarkus.orderer.secondary-orderer=dev.signet.admin.ReverseClassNameOrderer}.
 */
public class ReverseClassNameOrderer implements ClassOrderer {

  @Override
  public void orderClasses(ClassOrdererContext context) {
    context
        .getClassDescriptors()
        .sort(Comparator.comparing((ClassDescriptor d) -> d.getTestClass().getName()).reversed());
  }
}
