package com.bikefleet.server.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a page of a track ended: the last fix's (fix time, outbox id, seq), the track's sort key, so the
 * next page starts strictly after it even when fixes share a time. Its text form is opaque to clients.
 */
public record TrackCursor(Instant fixTime, String outboxId, long seq) {

    public static TrackCursor after(StoredFix last) {
        return new TrackCursor(last.fix().time(), last.outboxId(), last.seq());
    }

    public String encode() {
        String plain = fixTime.toEpochMilli() + ":" + seq + ":" + outboxId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when the text is not a cursor this server made */
    public static TrackCursor decode(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            String[] parts = plain.split(":", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException("not a track cursor");
            }
            return new TrackCursor(Instant.ofEpochMilli(Long.parseLong(parts[0])), parts[2], Long.parseLong(parts[1]));
        } catch (IllegalArgumentException e) {
            // NumberFormatException is one too.
            throw new IllegalArgumentException("not a track cursor: " + text, e);
        }
    }
}
