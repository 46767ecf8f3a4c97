package dev.signet.admin.console;

import dev.signet.admin.AdminConfig;
import dev.signet.admin.invites.InviteFilter;
import dev.signet.admin.invites.InviteService;
import dev.signet.admin.invites.InviteView;
import dev.signet.admin.paging.Page;
import dev.signet.admin.paging.PageRequest;
import dev.signet.admin.users.UserFilter;
import dev.signet.admin.users.UserService;
import dev.signet.admin.users.UserView;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.QueryParam;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The people page: users and invites side by side, each list with the REST API's filters and its
 * own cursor. {@link UserPages} and {@link InvitePages} both answer with it.
 */
@ApplicationScoped
class UsersPage {

  private final UserService users;
  private final InviteService invites;
  private final AdminConfig config;
  private final Template page;

  UsersPage(
      UserService users,
      InviteService invites,
      AdminConfig config,
      @Location("console/users.html") Template page) {
    this.users = users;
    this.invites = invites;
    this.config = config;
    this.page = page;
  }

  /** Both lists' filters, named as the REST API names them (invites' with a prefix). */
  public static class Filters {
    @QueryParam("status")
    String status;

    @QueryParam("role")
    String role;

    @QueryParam("email")
    String email;

    @QueryParam("cursor")
    String cursor;

    @QueryParam("invite_status")
    String inviteStatus;

    @QueryParam("invite_email")
    String inviteEmail;

    @QueryParam("invite_cursor")
    String inviteCursor;

    static Filters none() {
      return new Filters();
    }
  }

  /** The filters as the forms show them back. */
  @TemplateData
  public record FilterView(
      String status, String role, String email, String inviteStatus, String inviteEmail) {
    static FilterView of(Filters f) {
      return new FilterView(
          blank(f.status),
          blank(f.role),
          blank(f.email),
          blank(f.inviteStatus),
          blank(f.inviteEmail));
    }

    private static String blank(String value) {
      return value == null ? "" : value;
    }
  }

  /** The invite form as typed, shown back after a refusal. */
  @TemplateData
  public record InviteForm(String email, String displayName, String roles) {
    static InviteForm empty() {
      return new InviteForm("", "", "");
    }
  }

  Uni<TemplateInstance> render(
      ConsoleAdmin admin, Filters f, InviteForm form, ConsoleMessages messages, String notice) {
    ConsoleMessages[] shown = {messages};
    Uni<Page<UserView>> userPage;
    try {
      userPage =
          users.list(
              UserFilter.of(f.status, f.role, f.email),
              PageRequest.of(null, f.cursor, config.maxPageSize()));
    } catch (RuntimeException e) {
      userPage = Uni.createFrom().item(new Page<>(List.of(), null));
      shown[0] = ConsoleMessages.of(e);
    }
    Uni<Page<InviteView>> invitePage;
    try {
      invitePage =
          invites.list(
              InviteFilter.of(f.inviteStatus, f.inviteEmail),
              PageRequest.of(null, f.inviteCursor, config.maxPageSize()));
    } catch (RuntimeException e) {
      invitePage = Uni.createFrom().item(new Page<>(List.of(), null));
      shown[0] = ConsoleMessages.of(e);
    }
    Uni<Page<InviteView>> invitesListed = invitePage;
    return userPage.chain(
        u ->
            invitesListed.map(
                i ->
                    page.data("admin", admin)
                        .data("nav", "users")
                        .data("f", FilterView.of(f))
                        .data("users", u.items())
                        .data("nextUsers", next(f, u.nextCursor(), null))
                        .data("invites", i.items())
                        .data("nextInvites", next(f, null, i.nextCursor()))
                        .data("form", form)
                        .data("messages", shown[0])
                        .data("notice", notice)
                        .data("rowError", null)));
  }

  TemplateInstance userRow(ConsoleAdmin admin, UserView u, String rowError) {
    return page.getFragment("user").data("admin", admin).data("u", u).data("rowError", rowError);
  }

  TemplateInstance inviteRow(ConsoleAdmin admin, InviteView i, String rowError) {
    return page.getFragment("invite").data("admin", admin).data("i", i).data("rowError", rowError);
  }

  private static String next(Filters f, String userCursor, String inviteCursor) {
    if (userCursor == null && inviteCursor == null) {
      return null;
    }
    Map<String, String> q = new LinkedHashMap<>();
    q.put("status", f.status);
    q.put("role", f.role);
    q.put("email", f.email);
    q.put("cursor", userCursor != null ? userCursor : f.cursor);
    q.put("invite_status", f.inviteStatus);
    q.put("invite_email", f.inviteEmail);
    q.put("invite_cursor", inviteCursor != null ? inviteCursor : f.inviteCursor);
    return ConsoleLinks.withQuery("/console/users", q);
  }
}
