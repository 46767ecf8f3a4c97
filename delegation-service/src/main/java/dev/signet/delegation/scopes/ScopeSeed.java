package dev.signet.delegation.scopes;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.signet.common.error.ProblemException;
import dev.signet.common.input.CleanText;
import dev.signet.common.input.InvalidInputException;
import dev.signet.delegation.DelegationConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Applies {@code signet.delegation.seed-file} at start: every scope in it is created or updated in
 * one transaction, checked together (unknown implied scope or cycle fails the start). Applying the
 * same file again writes nothing.
 */
@ApplicationScoped
public class ScopeSeed {

  private static final Logger LOG = Logger.getLogger(ScopeSeed.class);

  /** Who the audit trail names as the author of seeded scopes. */
  static final String ACTOR = "system:seed";

  /** The seed file: {@code scopes: [...]}. */
  public record SeedFile(List<SeedScope> scopes) {}

  /** One scope of the seed file. */
  public record SeedScope(
      String name, String description, Boolean sensitive, List<String> implies) {}

  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final DelegationConfig config;
  private final ScopeRepository scopes;

  ScopeSeed(DelegationConfig config, ScopeRepository scopes) {
    this.config = config;
    this.scopes = scopes;
  }

  void onStart(@Observes StartupEvent event) {
    config.seedFile().ifPresent(file -> apply(file).await().indefinitely());
  }

  /** Applies the file; returns the names of the scopes it created or changed. */
  public Uni<List<String>> apply(Path file) {
    Map<String, ScopeWrite> writes = read(file);
    return scopes
        .putAll(writes, ACTOR)
        .invoke(
            changed ->
                LOG.infof(
                    "scope seed %s: %d scopes, %d created or changed",
                    file.getFileName(), writes.size(), changed.size()));
  }

  static Map<String, ScopeWrite> read(Path file) {
    SeedFile seed;
    try {
      seed = YAML.readValue(Files.readAllBytes(file), SeedFile.class);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read scope seed file " + file + ": " + e.getClass().getSimpleName(), e);
    }
    if (seed == null || seed.scopes() == null) {
      throw new IllegalStateException("scope seed file " + file + " has no scopes list");
    }
    Map<String, ScopeWrite> writes = new LinkedHashMap<>();
    for (SeedScope s : seed.scopes()) {
      try {
        ScopeNames.require(s.name(), "name");
        List<String> implies = s.implies() == null ? List.of() : s.implies();
        implies.forEach(i -> ScopeNames.require(i, "implies of " + s.name()));
        CleanText.require("description of " + s.name(), s.description(), 1000, false);
        if (writes.put(s.name(), new ScopeWrite(s.description(), s.sensitive(), implies)) != null) {
          throw ProblemException.badRequest("scope " + s.name() + " is listed twice");
        }
      } catch (ProblemException e) {
        throw new IllegalStateException("scope seed file " + file + ": " + e.problem().detail(), e);
      } catch (InvalidInputException e) {
        throw new IllegalStateException("scope seed file " + file + ": " + e.getMessage(), e);
      }
    }
    return writes;
  }
}
