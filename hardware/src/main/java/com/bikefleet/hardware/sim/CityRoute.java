package com.bikefleet.hardware.sim;

import java.util.List;

/**
 * A closed loop of waypoints that a simulated bike rides round and round. Positions along it are
 * computed on a local flat-earth approximation, which is exact enough over a few kilometres.
 */
public final class CityRoute {

    private static final double EARTH_RADIUS_M = 6_371_000.0;

    /** Latitude and longitude in decimal degrees. */
    public record Point(double lat, double lon) {
    }

    /** A point on the route together with the direction of travel there. */
    public record Placement(double lat, double lon, double courseDegrees) {
    }

    private final List<Point> waypoints;
    private final double[] cumulativeMetres;

    public CityRoute(List<Point> waypoints) {
        if (waypoints.size() < 2) {
            throw new IllegalArgumentException("a route needs at least two waypoints");
        }
        this.waypoints = List.copyOf(waypoints);
        this.cumulativeMetres = new double[this.waypoints.size() + 1];
        for (int i = 0; i < this.waypoints.size(); i++) {
            Point from = this.waypoints.get(i);
            Point to = this.waypoints.get((i + 1) % this.waypoints.size());
            cumulativeMetres[i + 1] = cumulativeMetres[i] + distanceMetres(from, to);
        }
    }

    /**
     * A generated loop of city blocks around a start point, different for each {@code variant} so that
     * several simulated bikes do not ride on top of each other.
     */
    public static CityRoute around(Point start, int variant) {
        double blockLat = 0.0027 * (1 + variant % 3);   // about 300, 600 or 900 m north-south
        double blockLon = 0.0044 * (1 + (variant / 3) % 3);
        double lat = start.lat() + 0.0009 * (variant % 7);
        double lon = start.lon() + 0.0013 * (variant % 5);
        return new CityRoute(List.of(
                new Point(lat, lon),
                new Point(lat + blockLat, lon),
                new Point(lat + blockLat, lon + blockLon),
                new Point(lat + 2 * blockLat, lon + blockLon),
                new Point(lat + 2 * blockLat, lon + 2 * blockLon),
                new Point(lat, lon + 2 * blockLon)));
    }

    public double lengthMetres() {
        return cumulativeMetres[waypoints.size()];
    }

    /** Where a rider is after riding {@code metres} from the first waypoint. */
    public Placement at(double metres) {
        double along = metres % lengthMetres();
        int segment = 0;
        while (cumulativeMetres[segment + 1] < along) {
            segment++;
        }
        Point from = waypoints.get(segment);
        Point to = waypoints.get((segment + 1) % waypoints.size());
        double segmentLength = cumulativeMetres[segment + 1] - cumulativeMetres[segment];
        double t = segmentLength == 0 ? 0 : (along - cumulativeMetres[segment]) / segmentLength;
        double lat = from.lat() + (to.lat() - from.lat()) * t;
        double lon = from.lon() + (to.lon() - from.lon()) * t;
        return new Placement(lat, lon, course(from, to));
    }

    static double distanceMetres(Point a, Point b) {
        double meanLat = Math.toRadians((a.lat() + b.lat()) / 2);
        double dNorth = Math.toRadians(b.lat() - a.lat()) * EARTH_RADIUS_M;
        double dEast = Math.toRadians(b.lon() - a.lon()) * EARTH_RADIUS_M * Math.cos(meanLat);
        return Math.hypot(dNorth, dEast);
    }

    private static double course(Point from, Point to) {
        double meanLat = Math.toRadians((from.lat() + to.lat()) / 2);
        double dNorth = to.lat() - from.lat();
        double dEast = (to.lon() - from.lon()) * Math.cos(meanLat);
        double degrees = Math.toDegrees(Math.atan2(dEast, dNorth));
        return degrees < 0 ? degrees + 360 : degrees;
    }
}
