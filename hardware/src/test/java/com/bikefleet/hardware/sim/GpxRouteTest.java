package com.bikefleet.hardware.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpxRouteTest {

    @TempDir
    Path dir;

    private Path gpx(String body) throws IOException {
        Path file = dir.resolve("route.gpx");
        Files.writeString(file, "<?xml version=\"1.0\"?>\n" + body);
        return file;
    }

    @Test
    void readsTrackPoints() throws IOException {
        CityRoute route = GpxRoute.read(gpx("""
                <gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
                  <trk><trkseg>
                    <trkpt lat="52.3700" lon="4.8900"><ele>2</ele></trkpt>
                    <trkpt lat="52.3800" lon="4.8900"/>
                  </trkseg></trk>
                </gpx>"""));

        assertEquals(52.37, route.at(0).lat(), 1e-9);
        assertEquals(2 * CityRoute.distanceMetres(new CityRoute.Point(52.37, 4.89), new CityRoute.Point(52.38, 4.89)),
                route.lengthMetres(), 1e-6); // there and straight back
    }

    @Test
    void fallsBackToRoutePoints() throws IOException {
        CityRoute route = GpxRoute.read(gpx("""
                <gpx version="1.0"><rte>
                  <rtept lat="-33.86" lon="151.20"/><rtept lat="-33.87" lon="151.21"/><rtept lat="-33.88" lon="151.20"/>
                </rte></gpx>"""));
        assertEquals(151.20, route.at(0).lon(), 1e-9);
    }

    @Test
    void refusesExternalEntities() throws IOException {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "52.0");
        Path file = gpx("<!DOCTYPE gpx [<!ENTITY lat SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<gpx><trk><trkseg><trkpt lat=\"&lat;\" lon=\"4\"/><trkpt lat=\"1\" lon=\"4\"/></trkseg></trk></gpx>");

        IOException e = assertThrows(IOException.class, () -> GpxRoute.read(file));
        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void needsTwoValidPoints() throws IOException {
        Path one = gpx("<gpx><trk><trkseg><trkpt lat=\"1\" lon=\"2\"/></trkseg></trk></gpx>");
        assertEquals("GPX file " + one + " has 1 track or route points; a route needs at least 2",
                assertThrows(IOException.class, () -> GpxRoute.read(one)).getMessage());

        Path bad = gpx("<gpx><trk><trkseg><trkpt lat=\"north\" lon=\"2\"/></trkseg></trk></gpx>");
        assertEquals("GPX file " + bad + ": trkpt 1 has no valid lat/lon (north, 2)",
                assertThrows(IOException.class, () -> GpxRoute.read(bad)).getMessage());
    }
}
