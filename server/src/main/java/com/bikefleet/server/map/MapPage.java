package com.bikefleet.server.map;

import com.bikefleet.server.http.WebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import org.glassfish.grizzly.http.server.CLStaticHttpHandler;

/**
 * The live map's files, served from the server jar under {@code /map/}: the page and its scripts, and
 * Leaflet's files from its WebJar ({@code /map/leaflet.js}, {@code /map/leaflet.css}). The files hold no data; everything they show
 * comes from the API and {@code /ws/live} with the operator's API token.
 */
public final class MapPage {

    public static final String PATH = "/map";
    private static final String LEAFLET_POM = "/META-INF/maven/org.webjars.npm/leaflet/pom.properties";

    private MapPage() {
    }

    public static List<WebServer.Route> routes() {
        ClassLoader loader = MapPage.class.getClassLoader();
        // One handler with two roots: Grizzly's mapper does not pick the longer of two nested paths
        // (/map and /map/leaflet) reliably.
        return List.of(new WebServer.Route(PATH, new CLStaticHttpHandler(loader, "/web/map/",
                "/META-INF/resources/webjars/leaflet/" + leafletVersion() + "/dist/")));
    }

    /** The WebJar's folder is named by its version; read it from the jar rather than repeating the pom's. */
    private static String leafletVersion() {
        try (InputStream in = MapPage.class.getResourceAsStream(LEAFLET_POM)) {
            if (in == null) {
                throw new IllegalStateException("Leaflet's WebJar is missing from the classpath (" + LEAFLET_POM + ")");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + LEAFLET_POM, e);
        }
    }
}
