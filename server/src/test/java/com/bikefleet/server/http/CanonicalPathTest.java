package com.bikefleet.server.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/ws/live", "/ws/bikes/b3", "/ws/bikes/bike-0001", "/ws/bikes/a.b_c~d", "/WS/LIVE"})
    void aPathThatDecodingCannotChangeIsCanonical(String path) {
        assertTrue(CanonicalPath.isCanonical(path), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ws/live", "/ws/%62ikes/b3", "/ws/live;x", "/ws//live", "//ws/live", "/ws/./live",
            "/ws/x/../live", "/ws/live/", "/ws/bikes/b%2F3", "/ws/live%00", "/ws/li ve", "/ws/live\\",
            "http://host/ws/live", "/ws/bikes/..", "/ws/bikes/.", "/ws/l\u00efve", "/ws/live?x"})
    void anythingElseIsNot(String path) {
        assertFalse(CanonicalPath.isCanonical(path), path);
    }

    @org.junit.jupiter.api.Test
    void aPathLongerThanAnyEndpointsIsNot() {
        assertFalse(CanonicalPath.isCanonical("/ws/bikes/" + "a".repeat(CanonicalPath.MAX_LENGTH)));
    }
}
