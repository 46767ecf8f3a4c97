package dev.signet.common.auth;

import io.quarkus.security.credential.Credential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import java.security.Permission;
import java.security.Principal;
import java.util.Map;
import java.util.Set;

/**
 * The caller behind a verified bearer token: principal = {@code sub}, roles = scopes, with {@link
 * Scopes#grants} deciding role checks so {@code signet:admin} implies the admin scopes.
 */
public final class TokenIdentity implements SecurityIdentity {

  /** Attribute under which the {@link VerifiedToken} is kept. */
  public static final String TOKEN_ATTRIBUTE = "signet.verified-token";

  private final SecurityIdentity delegate;
  private final VerifiedToken token;

  private TokenIdentity(SecurityIdentity delegate, VerifiedToken token) {
    this.delegate = delegate;
    this.token = token;
  }

  /** The identity for a verified token. */
  public static TokenIdentity of(VerifiedToken token) {
    String subject = token.subject() != null ? token.subject() : token.clientId();
    SecurityIdentity base =
        QuarkusSecurityIdentity.builder()
            .setPrincipal(new QuarkusPrincipal(subject == null ? "" : subject))
            .addRoles(token.scopes())
            .addAttribute(TOKEN_ATTRIBUTE, token)
            .build();
    return new TokenIdentity(base, token);
  }

  /** The verified token behind an identity, or null for anonymous and other identities. */
  public static VerifiedToken token(SecurityIdentity identity) {
    return identity == null ? null : identity.getAttribute(TOKEN_ATTRIBUTE);
  }

  public VerifiedToken token() {
    return token;
  }

  @Override
  public boolean hasRole(String role) {
    return Scopes.grants(delegate.getRoles(), role);
  }

  @Override
  public Principal getPrincipal() {
    return delegate.getPrincipal();
  }

  @Override
  public boolean isAnonymous() {
    return false;
  }

  @Override
  public Set<String> getRoles() {
    return delegate.getRoles();
  }

  @Override
  public Set<Permission> getPermissions() {
    return delegate.getPermissions();
  }

  @Override
  public <T extends Credential> T getCredential(Class<T> type) {
    return delegate.getCredential(type);
  }

  @Override
  public Set<Credential> getCredentials() {
    return delegate.getCredentials();
  }

  @Override
  public <T> T getAttribute(String name) {
    return delegate.getAttribute(name);
  }

  @Override
  public Map<String, Object> getAttributes() {
    return delegate.getAttributes();
  }

  @Override
  public Uni<Boolean> checkPermission(Permission permission) {
    return delegate.checkPermission(permission);
  }
}
