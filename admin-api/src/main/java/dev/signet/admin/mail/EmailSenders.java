package dev.signet.admin.mail;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.SesV2ClientBuilder;

/**
 * Picks the mailer from {@code signet.email.sender}. SES credentials come from the SDK's default
 * chain (environment, web identity token for IRSA, instance profile), never from Signet's config.
 */
@ApplicationScoped
public class EmailSenders {

  private SesV2Client ses;

  @Produces
  @ApplicationScoped
  EmailSender sender(EmailConfig config) {
    if (config.sender() == EmailConfig.Sender.LOG) {
      refuseLogInProduction(config);
      return new LogEmailSender();
    }
    SesV2ClientBuilder builder =
        SesV2Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(
                ClientOverrideConfiguration.builder().apiCallTimeout(config.timeout()).build());
    config.region().map(Region::of).ifPresent(builder::region);
    config.endpointOverride().ifPresent(builder::endpointOverride);
    ses = builder.build();
    return new SesEmailSender(ses, config.from());
  }

  /** At start, not at the first invite: a misconfigured production mailer must not come up. */
  void checkAtStart(@Observes StartupEvent event, EmailConfig config) {
    if (config.sender() == EmailConfig.Sender.LOG) {
      refuseLogInProduction(config);
    }
  }

  void close(@Disposes EmailSender sender) {
    if (ses != null) {
      ses.close();
    }
  }

  static void refuseLogInProduction(EmailConfig config) {
    refuseLogInProduction(
        config,
        LaunchMode.current() == LaunchMode.NORMAL && ConfigUtils.getProfiles().contains("prod"));
  }

  static void refuseLogInProduction(EmailConfig config, boolean production) {
    if (production && !config.allowLogInProduction()) {
      throw new IllegalStateException(
          "signet.email.sender=LOG in production: invites would never reach anyone. Set"
              + " SIGNET_EMAIL_SENDER=SES (with SIGNET_EMAIL_FROM), or"
              + " SIGNET_EMAIL_ALLOW_LOG_IN_PRODUCTION=true where a log-only mailer is meant.");
    }
  }
}
