package com.bikefleet.server.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.bikefleet.model.config.ConfigException;
import com.bikefleet.model.config.KeyValues;
import com.bikefleet.server.config.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** map.tile-url and map.tile-attribution: defaults, none, and a clear message for every bad URL. */
class MapSettingsTest {

    private static ServerConfig parse(String text) throws ConfigException {
        return ServerConfig.parse("server.conf", text.getBytes(StandardCharsets.UTF_8), List.<KeyValues.Override>of(),
                null);
    }

    private static List<String> problems(String text) {
        return assertThrows(ConfigException.class, () -> parse(text)).problems();
    }

    @Test
    void theDefaultIsOpenStreetMapWithItsCredit() throws Exception {
        MapSettings map = parse("").map();
        assertEquals("https://tile.openstreetmap.org/{z}/{x}/{y}.png", map.tileUrl());
        assertEquals("© OpenStreetMap contributors", map.attribution());
    }

    @Test
    void aDepotTileServerAndNoneAreAccepted() throws Exception {
        MapSettings own = parse("map.tile-url = http://tiles.depot.lan:8081/{s}/{z}/{x}/{y}.png\n"
                + "map.tile-attribution = Depot tiles, © OpenStreetMap contributors\n").map();
        assertEquals("http://tiles.depot.lan:8081/{s}/{z}/{x}/{y}.png", own.tileUrl());
        assertEquals("Depot tiles, © OpenStreetMap contributors", own.attribution());
        assertEquals("", parse("map.tile-url = none\n").map().tileUrl());
    }

    @Test
    void aBadTileUrlIsRefusedNamingLineAndProblem() {
        assertEquals(List.of("server.conf:1: map.tile-url: 'https://tiles.example.com/{z}/{x}.png' has no {y} "
                        + "placeholder; e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
                problems("map.tile-url = https://tiles.example.com/{z}/{x}.png\n"));
        assertEquals(List.of("server.conf:2: map.tile-url: 'ftp://tiles.example.com/{z}/{x}/{y}.png' must be an "
                        + "http:// or https:// URL with a host"),
                problems("server.port = 8080\nmap.tile-url = ftp://tiles.example.com/{z}/{x}/{y}.png\n"));
        assertEquals(List.of("server.conf:1: map.tile-url: 'tiles/{z}/{x}/{y}.png' must be an http:// or https:// "
                        + "URL with a host"),
                problems("map.tile-url = tiles/{z}/{x}/{y}.png\n"));
    }

    @Test
    void settingsBuiltInCodeAreCheckedToo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MapSettings("https://x.example/{z}/{y}.png", ""));
        assertEquals("'https://x.example/{z}/{y}.png' has no {x} placeholder; e.g. "
                + "https://tile.openstreetmap.org/{z}/{x}/{y}.png", e.getMessage());
    }
}
