package com.bikefleet.server.http;

import java.nio.charset.StandardCharsets;

/**
 * Text a client chose (a message type, a bike id, an error's detail) made safe to put in a reply or a log
 * line: cut to a short length with the original length noted, and control characters replaced, so a
 * client can neither make the server echo or log kilobytes per message nor forge log lines with newlines.
 */
public final class ClientText {

    /** Characters of client text kept in a reply or a log line; an id or a type name fits easily. */
    public static final int MAX_CHARS = 96;

    /** RFC 6455: a close frame's reason is at most 123 bytes of UTF-8. */
    public static final int MAX_CLOSE_REASON_BYTES = 123;

    private ClientText() {
    }

    /** {@link #truncate(String, int)} to {@link #MAX_CHARS}. */
    public static String truncate(String text) {
        return truncate(text, MAX_CHARS);
    }

    /**
     * The text as is when it is at most {@code maxChars} long, else its first {@code maxChars} characters
     * followed by {@code ...(N chars)}; control characters (newlines included) become {@code ?} either way.
     */
    public static String truncate(String text, int maxChars) {
        if (text == null) {
            return "null";
        }
        int keep = Math.min(text.length(), maxChars);
        // Do not split a surrogate pair: half of one is not a character.
        if (keep < text.length() && keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
            keep--;
        }
        StringBuilder out = new StringBuilder(keep + 24);
        for (int i = 0; i < keep; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        if (keep < text.length()) {
            out.append("...(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }

    /** The reason cut to fit a close frame (123 bytes of UTF-8), ending in {@code ...} when cut. */
    public static String closeReason(String reason) {
        if (utf8Length(reason) <= MAX_CLOSE_REASON_BYTES) {
            return reason;
        }
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        String cut = new String(bytes, 0, MAX_CLOSE_REASON_BYTES - 3, StandardCharsets.UTF_8);
        // The cut may split a character; drop the replacement character it leaves, if any.
        return cut.replaceAll("\uFFFD$", "") + "...";
    }

    /** Bytes of the text in UTF-8, without encoding it. */
    public static long utf8Length(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
