package com.bikefleet.server.api;

import com.bikefleet.server.store.StoredFix;
import java.util.List;

/**
 * One page of a bike's track, ready to be written in any format.
 *
 * @param next the path and query of the next page, or null on the last page
 */
record TrackPage(String bikeId, List<StoredFix> fixes, String next) {

    TrackPage {
        fixes = List.copyOf(fixes);
    }
}
