package dev.signet.admin.users;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A person. admin-api owns the row; token-service reads it (status, roles, user_ver) when it signs
 * a person in, so the column meanings are a contract (V1 and V502).
 */
@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {

  @Id
  @Column(name = "id")
  public UUID id;

  /** Monotonic list position (V502); assigned by the database. */
  @Column(name = "seq", insertable = false, updatable = false)
  public Long seq;

  /** As given, trimmed; unique case-insensitively among users not deleted. */
  @Column(name = "email", nullable = false)
  public String email;

  @Column(name = "display_name")
  public String displayName;

  /** invited, active, disabled or deleted. */
  @Column(name = "status", nullable = false)
  public String status;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(name = "roles", nullable = false)
  public String[] roles;

  @Column(name = "email_verified_at")
  public Instant emailVerifiedAt;

  /** Goes up whenever what the user holds must end; tokens carry the value they were issued at. */
  @Column(name = "user_ver", nullable = false)
  public long userVer;

  @Column(name = "deleted_at")
  public Instant deletedAt;

  @Column(name = "created_at", nullable = false, updatable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  @Column(name = "created_by", nullable = false, updatable = false)
  public String createdBy;

  @Column(name = "last_login_at")
  public Instant lastLoginAt;

  @Version
  @Column(name = "version", nullable = false)
  public long version;

  /** A new person, {@code invited} until they redeem an invite; names blank or absent are null. */
  public static User invited(
      String email, String displayName, List<String> roles, String createdBy, Instant now) {
    User u = new User();
    u.id = UUID.randomUUID();
    u.email = email;
    u.displayName = displayName == null || displayName.isBlank() ? null : displayName.trim();
    u.status = "invited";
    u.roles = roles.toArray(String[]::new);
    u.userVer = 1;
    u.createdAt = now;
    u.updatedAt = now;
    u.createdBy = createdBy;
    return u;
  }

  public boolean deleted() {
    return deletedAt != null;
  }

  public boolean holds(String role) {
    for (String r : roles) {
      if (r.equals(role)) {
        return true;
      }
    }
    return false;
  }
}
