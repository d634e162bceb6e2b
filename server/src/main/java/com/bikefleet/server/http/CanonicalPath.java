package com.bikefleet.server.http;

/**
 * The one spelling of a path that an upgrade may use. Tyrus matches endpoints on the decoded path, while a
 * filter sees the raw one; if the two could differ ({@code /ws/%62ikes/b3}, {@code /ws/live;x}), a check on
 * the raw path could be walked around. So an upgrade path is accepted only when decoding and normalising
 * cannot change it: unreserved characters and single slashes, no dot segments, no trailing slash. Then the
 * raw path, the decoded path and the path the gate compares are the same string.
 */
public final class CanonicalPath {

    /** Longer paths are refused before they are looked at: no endpoint path is near this long. */
    public static final int MAX_LENGTH = 256;

    private CanonicalPath() {
    }

    /** Whether {@code rawPath} (the request target without its query) is already in canonical form. */
    public static boolean isCanonical(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.length() > MAX_LENGTH || rawPath.charAt(0) != '/') {
            return false;
        }
        if (rawPath.length() > 1 && rawPath.charAt(rawPath.length() - 1) == '/') {
            return false;
        }
        int segmentStart = 1;
        for (int i = 1; i <= rawPath.length(); i++) {
            if (i == rawPath.length() || rawPath.charAt(i) == '/') {
                String segment = rawPath.substring(segmentStart, i);
                if (segment.isEmpty() && rawPath.length() > 1 || segment.equals(".") || segment.equals("..")) {
                    return false;
                }
                segmentStart = i + 1;
            } else if (!unreserved(rawPath.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** RFC 3986 unreserved characters: the only ones that no decoder or normaliser rewrites. */
    private static boolean unreserved(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
