package com.bikefleet.sim;

import com.bikefleet.hardware.sim.CityRoute;

/**
 * Where each virtual bike rides, as a pure function of its index, so that bike processes and listener
 * processes agree without talking: bikes ride loops in cells of a grid, {@link #BIKES_PER_CELL} to a
 * cell, and customer app {@code i} watches the box around bike {@code i}'s loop, which holds that bike
 * and the few others of its cell.
 */
final class FleetLayout {

    static final int BIKES_PER_CELL = 4;
    private static final int COLUMNS = 50;
    private static final double CELL_LAT = 0.03;
    private static final double CELL_LON = 0.05;
    private static final double ORIGIN_LAT = 51.5;
    private static final double ORIGIN_LON = 12.5;
    /** Margin around a loop's extent, in degrees (about 100 m). */
    private static final double MARGIN = 0.001;

    private FleetLayout() {
    }

    static CityRoute route(int index) {
        int cell = index / BIKES_PER_CELL;
        CityRoute.Point corner = new CityRoute.Point(ORIGIN_LAT + (cell / COLUMNS) * CELL_LAT,
                ORIGIN_LON + (cell % COLUMNS) * CELL_LON);
        return CityRoute.around(corner, index % BIKES_PER_CELL);
    }

    /** The box an app renting bike {@code index} watches: {@code [minLon, minLat, maxLon, maxLat]}. */
    static double[] box(int index) {
        CityRoute route = route(index);
        double minLat = Double.MAX_VALUE;
        double maxLat = -Double.MAX_VALUE;
        double minLon = Double.MAX_VALUE;
        double maxLon = -Double.MAX_VALUE;
        for (double d = 0; d < route.lengthMetres(); d += 25) {
            CityRoute.Placement p = route.at(d);
            minLat = Math.min(minLat, p.lat());
            maxLat = Math.max(maxLat, p.lat());
            minLon = Math.min(minLon, p.lon());
            maxLon = Math.max(maxLon, p.lon());
        }
        return new double[] {minLon - MARGIN, minLat - MARGIN, maxLon + MARGIN, maxLat + MARGIN};
    }
}
