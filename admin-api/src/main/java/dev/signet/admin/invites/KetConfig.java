package dev.signet.admin.invites;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Key enrollment tokens, which a redeemed invite hands out to enroll a first key. */
@ConfigMapping(prefix = "signet.ket")
public interface KetConfig {

  /** Short: the person uses it right after redeeming the invite. */
  @WithDefault("15m")
  Duration ttl();
}
