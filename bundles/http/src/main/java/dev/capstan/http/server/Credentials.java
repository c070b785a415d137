package dev.capstan.http.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * supervisord's {@code username}/{@code password}: HTTP Basic auth, the password in clear or as
 * {@code {SHA}} and the hex SHA-1 of it. Compared in constant time.
 *
 * @param username the one user name
 * @param password as configured
 */
record Credentials(String username, String password) {
    private static final String SHA = "{SHA}";

    /** Whether an {@code Authorization} field carries these credentials. */
    boolean accept(String authorization) {
        if (authorization == null || authorization.length() < 6 || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = pair.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean user = MessageDigest.isEqual(pair.substring(0, colon).getBytes(StandardCharsets.UTF_8),
                username.getBytes(StandardCharsets.UTF_8));
        return user & passwordMatches(pair.substring(colon + 1));
    }

    private boolean passwordMatches(String given) {
        byte[] expected;
        byte[] actual;
        if (password.startsWith(SHA)) {
            expected = password.substring(SHA.length()).toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
            actual = HexFormat.of().formatHex(sha1(given)).getBytes(StandardCharsets.US_ASCII);
        } else {
            expected = password.getBytes(StandardCharsets.UTF_8);
            actual = given.getBytes(StandardCharsets.UTF_8);
        }
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] sha1(String text) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }
}
