package dev.signet.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command takes (picocli inherits them down the command tree). */
public final class GlobalOptions {

  @Option(
      names = "--issuer",
      scope = ScopeType.INHERIT,
      description = "Signet's issuer URL (env SIGNET_ISSUER; saved in the profile by login).")
  String issuer;

  @Option(
      names = "--admin-url",
      scope = ScopeType.INHERIT,
      description = "admin-api's URL (env SIGNET_ADMIN_URL).")
  String adminUrl;

  @Option(
      names = "--keyring-url",
      scope = ScopeType.INHERIT,
      description = "keyring-service's URL (env SIGNET_KEYRING_URL).")
  String keyringUrl;

  @Option(
      names = {"-p", "--profile"},
      scope = ScopeType.INHERIT,
      description = "Profile in config.toml (env SIGNET_PROFILE; default: the current one).")
  String profile;

  @Option(
      names = {"-o", "--output"},
      scope = ScopeType.INHERIT,
      description = "table (default) or json.")
  Output.Format output = Output.Format.table;

  @Option(
      names = "--token-store",
      scope = ScopeType.INHERIT,
      description = "keyring, file or auto (default: keyring when there is one, else file).")
  String tokenStore;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Stack traces on failure (tokens are never printed).")
  boolean debug;
}
