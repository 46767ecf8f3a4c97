package dev.signet.token.session;

/** A session just started and the {@code Set-Cookie} header value that hands it to the browser. */
public record StartedSession(PersonSession session, String setCookie) {}
