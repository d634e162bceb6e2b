package com.bikefleet.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClientTextTest {

    @Test
    void shortTextIsKeptAndLongTextCutWithItsLength() {
        assertEquals("bike-1", ClientText.truncate("bike-1"));
        assertEquals("abc...(10 chars)", ClientText.truncate("abcdefghij", 3));
    }

    @Test
    void controlCharactersCannotForgeLogLines() {
        assertEquals("a?b?c", ClientText.truncate("a\nb\rc"));
    }

    @Test
    void aSurrogatePairIsNotSplit() {
        String text = "a" + "\uD83D\uDEB2".repeat(10);
        assertEquals("a...(21 chars)", ClientText.truncate(text, 2));
    }

    @Test
    void aCloseReasonFitsIn123BytesOfUtf8() {
        String reason = ClientText.closeReason("\u00e9".repeat(500));
        assertTrue(reason.getBytes(StandardCharsets.UTF_8).length <= ClientText.MAX_CLOSE_REASON_BYTES, reason);
        assertTrue(reason.endsWith("..."));
        assertEquals("short", ClientText.closeReason("short"));
        assertEquals(4 + 2 + 3 + 1, ClientText.utf8Length("\uD83D\uDEB2\u00e9\u20ACa"));
    }
}
