package com.bikefleet.server.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MalformedPathsTest {

    @ParameterizedTest
    @ValueSource(strings = {"/%", "/api/%zz", "/map/%4", "/ws/bikes%2Fb2", "/ws/bikes%2fb2", "/a%5Cb", "/a%00b"})
    void pathsGrizzlyCannotDecodeAreMalformed(String path) {
        assertTrue(MalformedPaths.isMalformed(path), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/bikes", "/map/a%20b.png", "/api/bikes/b%31/track", "/health"})
    void ordinaryPathsAreNot(String path) {
        assertFalse(MalformedPaths.isMalformed(path), path);
    }
}
