package dev.signet.token.passkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.testing.Chromium;
import dev.signet.token.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.virtualauthenticator.Credential;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;

/**
 * The whole passkey life in a real Chromium with a virtual authenticator: invite link -> passkey
 * created -> signed in -> sign out -> sign in again with the passkey -> account lists it -> add a
 * second -> remove one.
 */
@QuarkusTest
class PasskeyJourneyTest {

  @TestHTTPResource("/")
  URI uri;

  @Test
  void aPersonEnrollsFromTheInviteSignsOutAndBackInAndManagesTheirPasskeys() {
    AdminVerifyStub.Invite invite = AdminVerifyStub.invite();
    String base = PasskeyBrowser.base(uri);
    try (Chromium chromium = Chromium.start("passkey-journey")) {
      VirtualAuthenticator authenticator = chromium.passkeyAuthenticator();
      var driver = chromium.driver();

      driver.get(AdminVerifyStub.link(base, invite));
      assertEquals("Welcome to Signet", driver.findElement(By.tagName("h1")).getText());
      assertFalse(AdminVerifyStub.redeemed(invite), "showing the link redeems nothing");
      chromium.screenshot("1-welcome");
      driver.findElement(By.id("continue")).click();

      PasskeyBrowser.await(
          chromium, ExpectedConditions.presenceOfElementLocated(By.id("create-passkey")), "step1");
      assertTrue(AdminVerifyStub.redeemed(invite));
      assertEquals("Create your passkey", driver.findElement(By.tagName("h1")).getText());
      assertTrue(
          driver.findElement(By.id("enrollment-token")).getText().startsWith("ket_"),
          "the key enrollment token is shown once for the CLI");
      assertEquals(
          "signet login --issuer http://127.0.0.1:8081",
          driver.findElement(By.id("cli-login")).getText());
      Cookie session = driver.manage().getCookieNamed("signet_session");
      assertNotNull(session);
      assertTrue(session.isHttpOnly());
      assertEquals("Strict", session.getSameSite());
      chromium.screenshot("2-create-passkey");

      driver.findElement(By.id("create-passkey")).click();
      PasskeyBrowser.await(chromium, ExpectedConditions.urlContains("/account"), "step2");
      assertEquals("Your account", driver.findElement(By.tagName("h1")).getText());
      assertEquals(List.of("First passkey"), names(chromium));
      assertEquals(
          List.of("passkey"),
          Fixtures.column(
              "SELECT auth_method FROM sessions WHERE user_id = ? AND ended_at IS NULL",
              invite.userId()),
          "the invite's session was swapped for a passkey session");
      chromium.screenshot("3-account-first-passkey");

      driver.findElement(By.id("signout")).click();
      PasskeyBrowser.await(chromium, ExpectedConditions.urlContains("/signin"), "step3");
      assertEquals(
          List.of(),
          Fixtures.column(
              "SELECT id::text FROM sessions WHERE user_id = ? AND ended_at IS NULL",
              invite.userId()));
      driver.get(base + "/account");
      PasskeyBrowser.await(chromium, ExpectedConditions.urlContains("/signin"), "step4");
      chromium.screenshot("4-signin");

      driver.findElement(By.id("signin-passkey")).click();
      PasskeyBrowser.await(chromium, ExpectedConditions.urlContains("/account"), "step5");
      assertEquals(List.of("First passkey"), names(chromium));
      String lastUsed =
          driver.findElement(By.cssSelector("#passkeys tbody tr td:nth-child(3)")).getText();
      assertFalse(lastUsed.equals("Never"), "signing in records when the passkey was used");

      driver.findElement(By.id("name")).sendKeys("Backup key");
      driver.findElement(By.id("add-passkey")).click();
      PasskeyBrowser.await(chromium, ExpectedConditions.urlContains("done=added"), "step6");
      assertEquals(List.of("First passkey", "Backup key"), names(chromium));
      chromium.screenshot("5-account-two-passkeys");

      WebElement first = driver.findElement(By.cssSelector("#passkeys tbody tr"));
      first.findElement(By.cssSelector("button.danger")).click();
      PasskeyBrowser.await(chromium, ExpectedConditions.urlContains("/signin"), "step7");
      // The removed passkey had signed this session in, so the session ended with it. The person
      // deletes it from their device too, and signs in with the other one.
      List<String> kept =
          Fixtures.column(
              "SELECT credential_id FROM webauthn_credentials WHERE user_id = ?", invite.userId());
      assertEquals(1, kept.size());
      for (Credential c : authenticator.getCredentials()) {
        if (!Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(c.getId())
            .equals(kept.get(0))) {
          authenticator.removeCredential(c.getId());
        }
      }
      driver.findElement(By.id("signin-passkey")).click();
      PasskeyBrowser.await(chromium, ExpectedConditions.urlContains("/account"), "step8");
      assertEquals(List.of("Backup key"), names(chromium));
      assertEquals(
          0,
          driver.findElements(By.cssSelector("#passkeys button.danger")).size(),
          "the last passkey offers no remove button");
      chromium.screenshot("6-account-after-remove");

      List<LogEntry> console = driver.manage().logs().get(LogType.BROWSER).getAll();
      assertTrue(
          console.stream().noneMatch(e -> e.getMessage().contains("Content Security Policy")),
          console.toString());
    }
  }

  private static List<String> names(Chromium chromium) {
    return chromium.driver().findElements(By.cssSelector("#passkeys .passkey-name")).stream()
        .map(WebElement::getText)
        .toList();
  }
}
