package com.bikefleet.server.live;

import com.bikefleet.model.Fix;

/**
 * One update, encoded once for every listener.
 *
 * @param key      updates with the same key replace each other in a listener's queue (coalescing)
 * @param where    the bike's position for bounding-box subscriptions, or null when unknown
 * @param fragment the update as a JSON object, to be joined into a frame
 */
record LiveUpdate(String key, String bikeId, Fix where, String fragment) {
}
