package dev.signet.deploy.attack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** What every attack class shares: the one started suite and its API calls. */
@ExtendWith(AttackSuite.Started.class)
abstract class AttackCases {

  static AttackSuite suite;
  static Signet signet;

  @BeforeAll
  static void theSuite() {
    suite = AttackSuite.get();
    signet = suite.signet;
  }
}
