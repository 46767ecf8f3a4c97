package dev.signet.deploy.attack;

import java.util.HashSet;
import java.util.Set;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Counts the attack cases (tests of classes in this package) and prints {@code N passed, N failed}
 * (and {@code , N skipped}) alone on a line when the run ends. A case whose class failed before it
 * ran (the suite did not start) counts as failed: an attack that was never tried is not defended.
 */
public class AttackTally implements TestExecutionListener {

  private static final String PACKAGE = AttackTally.class.getPackageName() + ".";

  private TestPlan plan;
  private final Set<String> counted = new HashSet<>();
  private int passed;
  private int failed;
  private int skipped;

  @Override
  public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
    counted.clear();
    passed = 0;
    failed = 0;
    skipped = 0;
  }

  @Override
  public synchronized void executionSkipped(TestIdentifier id, String reason) {
    if (id.isTest() && isAttack(id) && counted.add(id.getUniqueId())) {
      skipped++;
    } else if (id.isContainer() && plan != null) {
      plan.getDescendants(id).stream()
          .filter(t -> t.isTest() && isAttack(t) && counted.add(t.getUniqueId()))
          .forEach(t -> skipped++);
    }
  }

  @Override
  public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
    if (id.isTest()) {
      if (isAttack(id) && counted.add(id.getUniqueId())) {
        switch (result.getStatus()) {
          case SUCCESSFUL -> passed++;
          case ABORTED -> skipped++;
          case FAILED -> failed++;
        }
      }
    } else if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL && plan != null) {
      // A class whose start failed reports no test of its own.
      plan.getDescendants(id).stream()
          .filter(t -> t.isTest() && isAttack(t) && counted.add(t.getUniqueId()))
          .forEach(t -> failed++);
    }
  }

  @Override
  public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
    if (passed + failed + skipped == 0) {
      return;
    }
    String line =
        passed
            + " passed, "
            + failed
            + " failed"
            + (skipped > 0 ? ", " + skipped + " skipped" : "");
    System.out.println();
    System.out.println(line);
    System.out.flush();
  }

  private static boolean isAttack(TestIdentifier id) {
    TestSource source = id.getSource().orElse(null);
    if (source instanceof MethodSource method) {
      return method.getClassName().startsWith(PACKAGE);
    }
    return source instanceof ClassSource type && type.getClassName().startsWith(PACKAGE);
  }
}
