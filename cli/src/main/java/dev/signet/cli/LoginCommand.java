package dev.signet.cli;

import dev.signet.client.BrowserLogin;
import dev.signet.client.DeviceFlow;
import dev.signet.client.Tokens;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "login",
    header = "Sign in (device flow, or --key).",
    description = {
      "Sign in with the device flow: shows a code and a URL, opens a browser when there is one,",
      "and waits for you to approve (honouring the server's interval and slow_down).",
      "--browser signs in with authorization code + PKCE instead: the browser comes back to a",
      "one-shot receiver on 127.0.0.1 (RFC 8252).",
      "--issuer, --admin-url and --keyring-url given here are saved in the profile."
    })
final class LoginCommand extends SignetSubcommand {

  /** How long `--browser` waits for the person to sign in and come back. */
  static final Duration BROWSER_WAIT = Duration.ofMinutes(5);

  @Option(names = "--scope", description = "Scopes to ask for (space separated).")
  String scope;

  @Option(names = "--no-browser", description = "Never open a browser; just print the URL.")
  boolean noBrowser;

  @Option(
      names = "--browser",
      description = "Authorization code with PKCE in a browser instead of the device flow.")
  boolean browser;

  @Option(
      names = "--key",
      description = "Sign in with the key enrolled by `signet keys add` (RFC 7523 assertion).")
  boolean key;

  @Override
  void execute() throws InterruptedException {
    Session session = session();
    if (session.serviceAccountMode()) {
      err()
          .println(
              "SIGNET_CLIENT_ID and SIGNET_CLIENT_SECRET are set: commands act as "
                  + session.env.get("SIGNET_CLIENT_ID")
                  + "; no login needed.");
      return;
    }
    if (browser) {
      if (session.signet().discovery().authorizationEndpoint() == null) {
        throw new CliException(
            ExitCodes.REFUSED,
            session.issuer()
                + " offers no authorization code flow; run `signet login` (device flow)");
      }
      BrowserLogin login = session.signet().browserLogin(session.client());
      Tokens tokens;
      try (BrowserLogin.Pending pending = login.start(scope)) {
        String uri = pending.authorizationUrl().toString();
        err().println("To sign in, open " + Output.withoutControls(uri));
        err().flush();
        if (!noBrowser) {
          Browser.open(uri, session.env);
        }
        Spinner spinner = new Spinner(err(), System.console() != null);
        spinner.tick("waiting for the browser");
        tokens = login.await(pending, BROWSER_WAIT);
        spinner.done();
      }
      session.saveTokens(tokens);
      rememberProfile(session);
      err().println("Logged in to " + session.issuer() + " (profile " + session.profile + ").");
      return;
    }
    if (key) {
      LoginKey enrolled =
          LoginKey.load(session)
              .orElseThrow(
                  () ->
                      new CliException(
                          ExitCodes.NOT_LOGGED_IN,
                          "no login key in profile '"
                              + session.profile
                              + "': run `signet keys add`"));
      session.saveTokens(
          session
              .signet()
              .keyLogin(
                  session.client(),
                  enrolled.userId(),
                  enrolled.privateKey(),
                  enrolled.kid(),
                  enrolled.alg(),
                  scope));
      rememberProfile(session);
      err().println("Logged in to " + session.issuer() + " with key " + enrolled.kid() + ".");
      return;
    }
    DeviceFlow flow = session.signet().deviceFlow(session.client());
    DeviceFlow.Authorization authorization = flow.start(scope);
    String uri =
        authorization.verificationUriComplete() != null
            ? authorization.verificationUriComplete().toString()
            : authorization.verificationUri().toString();
    err().println("To sign in, open " + Output.withoutControls(uri));
    err().println("and confirm the code " + Output.withoutControls(authorization.userCode()));
    err().flush();
    if (!noBrowser) {
      Browser.open(uri, session.env);
    }
    Spinner spinner = new Spinner(err(), System.console() != null);
    Tokens tokens =
        flow.await(
            authorization,
            new DeviceFlow.Listener() {
              @Override
              public void pending(Duration next) {
                spinner.tick("waiting for approval");
              }

              @Override
              public void slowDown(Duration interval) {
                spinner.tick("waiting for approval (polling every " + interval.toSeconds() + " s)");
              }
            },
            DeviceFlow.Sleeper.THREAD);
    spinner.done();
    session.saveTokens(tokens);
    rememberProfile(session);
    err().println("Logged in to " + session.issuer() + " (profile " + session.profile + ").");
  }

  /** Flags given to login become the profile's defaults. */
  private void rememberProfile(Session session) {
    CliConfig config = session.config;
    config.set(session.profile, "issuer", session.issuer());
    if (session.options.adminUrl != null) {
      config.set(session.profile, "admin_url", session.options.adminUrl);
    }
    if (session.options.keyringUrl != null) {
      config.set(session.profile, "keyring_url", session.options.keyringUrl);
    }
    if (session.options.tokenStore != null) {
      config.set(session.profile, "token_store", session.options.tokenStore);
    }
    if (session.options.profile != null) {
      config.useProfile(session.profile);
    }
    config.save();
  }

  /** Opens the URL with the desktop's opener, when there is a desktop. */
  static final class Browser {
    private Browser() {}

    static void open(String uri, java.util.Map<String, String> env) {
      String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
      List<String> command;
      if (os.contains("mac")) {
        command = List.of("open", uri);
      } else if (os.contains("win")) {
        command = List.of("rundll32", "url.dll,FileProtocolHandler", uri);
      } else if (env.get("DISPLAY") != null || env.get("WAYLAND_DISPLAY") != null) {
        command = List.of("xdg-open", uri);
      } else {
        return;
      }
      try {
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
      } catch (java.io.IOException e) {
        // No opener: the URL is printed already.
      }
    }
  }
}
