package com.bikefleet.server.map;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The live map's tile layer, an operator's choice (a depot may run its own tile server, or none).
 *
 * @param tileUrl     a tile URL template with {@code {z}}, {@code {x}} and {@code {y}} (and optionally
 *                    {@code {s}} for subdomains), or empty for no tiles: bikes on a plain background
 * @param attribution the credit the tile provider asks for, shown in the map's corner
 */
public record MapSettings(String tileUrl, String attribution) {

    public static final String DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
    public static final String DEFAULT_ATTRIBUTION = "© OpenStreetMap contributors";

    public MapSettings {
        String problem = problem(tileUrl);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (attribution == null) {
            throw new IllegalArgumentException("attribution must not be null (empty is allowed)");
        }
    }

    public static MapSettings defaults() {
        return new MapSettings(DEFAULT_TILE_URL, DEFAULT_ATTRIBUTION);
    }

    /** What is wrong with a tile URL template, or null when it is usable. */
    public static String problem(String tileUrl) {
        if (tileUrl == null) {
            return "the tile URL must not be null (empty means no tiles)";
        }
        if (tileUrl.isEmpty()) {
            return null;
        }
        for (String placeholder : new String[] {"{z}", "{x}", "{y}"}) {
            if (!tileUrl.contains(placeholder)) {
                return "'" + tileUrl + "' has no " + placeholder + " placeholder; e.g. " + DEFAULT_TILE_URL;
            }
        }
        try {
            // The placeholders are not legal URI characters; check the rest with them filled in.
            URI uri = new URI(tileUrl.replaceAll("\\{[a-z]}", "0"));
            String scheme = uri.getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || uri.getHost() == null) {
                return "'" + tileUrl + "' must be an http:// or https:// URL with a host";
            }
        } catch (URISyntaxException e) {
            return "'" + tileUrl + "' is not a URL: " + e.getReason();
        }
        return null;
    }
}
