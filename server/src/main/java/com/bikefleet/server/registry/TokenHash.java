package com.bikefleet.server.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * How bike and API tokens are made and kept: 256 random bits, shown once; only the SHA-256 is stored.
 * A fast hash is enough for a random secret of that length (no one can guess through 2^256).
 */
final class TokenHash {

    private TokenHash() {
    }

    static String newToken(SecureRandom random, String prefix) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }
}
