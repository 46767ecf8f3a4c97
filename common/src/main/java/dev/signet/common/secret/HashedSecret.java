package dev.signet.common.secret;

/** A secret as stored: its HMAC and the version of the server key that made it. */
public record HashedSecret(byte[] hash, int version) {}
