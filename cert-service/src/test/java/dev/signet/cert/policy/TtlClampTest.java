package dev.signet.cert.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.cert.CertConfig;
import dev.signet.common.error.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TtlClampTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private final TtlClamp clamp =
      new TtlClamp(
          new CertConfig.Ttl() {
            @Override
            public Duration developer() {
              return Duration.ofMinutes(90);
            }

            @Override
            public Duration ci() {
              return Duration.ofMinutes(120);
            }

            @Override
            public Duration service() {
              return Duration.ofHours(24);
            }

            @Override
            public Duration server() {
              return Duration.ofDays(6);
            }
          });

  @Test
  void developerAskingForADayGetsNinetyMinutesAndIsToldWhy() {
    var granted = clamp.client("user", Optional.of(Duration.ofDays(1)), NOW.plusSeconds(3600), NOW);
    assertEquals(Duration.ofMinutes(90), granted.ttl());
    assertTrue(granted.clampedBy().orElseThrow().contains("developer"));
  }

  @Test
  void developerAskingForLessGetsWhatWasAsked() {
    var granted =
        clamp.client("user", Optional.of(Duration.ofMinutes(30)), NOW.plusSeconds(60), NOW);
    assertEquals(Duration.ofMinutes(30), granted.ttl());
    assertTrue(granted.clampedBy().isEmpty());
  }

  @Test
  void ciJobIsClampedToItsTokenExpiryWhenThatComesFirst() {
    var granted =
        clamp.client("ci_job", Optional.of(Duration.ofHours(5)), NOW.plusSeconds(1800), NOW);
    assertEquals(Duration.ofMinutes(30), granted.ttl());
    assertTrue(granted.clampedBy().orElseThrow().contains("job token"));
  }

  @Test
  void ciJobWithALongTokenIsClampedToTwoHours() {
    var granted = clamp.client("ci_job", Optional.empty(), NOW.plus(Duration.ofHours(8)), NOW);
    assertEquals(Duration.ofMinutes(120), granted.ttl());
  }

  @Test
  void ciJobWithAnExpiredTokenGetsNothing() {
    assertThrows(
        ProblemException.class,
        () -> clamp.client("ci_job", Optional.empty(), NOW.minusSeconds(1), NOW));
  }

  @Test
  void absentPrincipalTypeIsAServiceAccount() {
    var granted = clamp.client(null, Optional.of(Duration.ofDays(3)), NOW, NOW);
    assertEquals(Duration.ofHours(24), granted.ttl());
  }

  @Test
  void serverCertificatesAreClampedToSixDays() {
    var granted = clamp.server(Optional.of(Duration.ofDays(365)));
    assertEquals(Duration.ofDays(6), granted.ttl());
    assertTrue(granted.clampedBy().isPresent());
  }

  @Test
  void zeroOrNegativeTtlIsABadRequest() {
    var zero = assertThrows(ProblemException.class, () -> clamp.server(Optional.of(Duration.ZERO)));
    assertEquals(400, zero.problem().status());
    assertThrows(ProblemException.class, () -> clamp.server(Optional.of(Duration.ofSeconds(-1))));
  }
}
