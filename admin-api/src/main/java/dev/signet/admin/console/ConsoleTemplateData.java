package dev.signet.admin.console;

import dev.signet.admin.accounts.ServiceAccountView;
import dev.signet.admin.incidents.IncidentView;
import dev.signet.admin.invites.InviteView;
import dev.signet.admin.overview.Overview;
import dev.signet.admin.users.UserView;
import dev.signet.common.audit.AuditEvent;
import io.quarkus.qute.TemplateData;

/** Value resolvers for the records the console templates read (no reflection in native images). */
@TemplateData(target = ConsoleAdmin.class)
@TemplateData(target = ConsoleMessages.class)
@TemplateData(target = IncidentView.class)
@TemplateData(target = ServiceAccountView.class)
@TemplateData(target = UserView.class)
@TemplateData(target = AuditEvent.class)
@TemplateData(target = InviteView.class)
@TemplateData(target = Overview.class)
@TemplateData(target = Overview.Accounts.class)
@TemplateData(target = Overview.Users.class)
@TemplateData(target = Overview.Keys.class)
@TemplateData(target = Overview.Window.class)
@TemplateData(target = Overview.Incidents.class)
@TemplateData(target = Overview.Certificates.class)
final class ConsoleTemplateData {
  private ConsoleTemplateData() {}
}
