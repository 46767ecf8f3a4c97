package dev.signet.keyring.rotation;

import java.util.ArrayList;
import java.util.List;

/** What one run of the rotation job did (nothing when another replica held the lock). */
public final class RotationReport {

  private boolean lockHeld = true;
  private final List<String> created = new ArrayList<>();
  private final List<String> activated = new ArrayList<>();
  private final List<String> retired = new ArrayList<>();

  static RotationReport skipped() {
    RotationReport report = new RotationReport();
    report.lockHeld = false;
    return report;
  }

  public boolean lockHeld() {
    return lockHeld;
  }

  public List<String> created() {
    return created;
  }

  public List<String> activated() {
    return activated;
  }

  public List<String> retired() {
    return retired;
  }

  private int rewrapped;

  void rewrapped(int count) {
    rewrapped = count;
  }

  /** Keys moved to the current master key in this run. */
  public int rewrappedCount() {
    return rewrapped;
  }

  public boolean changed() {
    return !created.isEmpty() || !activated.isEmpty() || !retired.isEmpty() || rewrapped > 0;
  }

  @Override
  public String toString() {
    return "created="
        + created
        + " activated="
        + activated
        + " retired="
        + retired
        + " rewrapped="
        + rewrapped;
  }
}
