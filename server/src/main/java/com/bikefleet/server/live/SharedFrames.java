package com.bikefleet.server.live;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The update frames of one dispatcher tick, so that listeners whose queues hold the same updates in the same
 * order (every dashboard following the whole fleet, typically) share one frame, joined once, instead of each
 * joining its own copy of the same thousands of updates. Queues are compared by the identity of their
 * fragments, which every update encodes once for all listeners ({@link LiveUpdate}): a pointer comparison per
 * update. One per tick, on the dispatcher thread; the last frame of each length is remembered.
 */
final class SharedFrames {

    private record Joined(List<String> fragments, String frame) {
    }

    private final LiveJson json;
    private final Map<Integer, Joined> bySize = new HashMap<>();

    SharedFrames(LiveJson json) {
        this.json = json;
    }

    /** The updates frame of {@code fragments}: one already joined this tick when it holds the same fragments. */
    String updatesFrame(List<String> fragments) {
        Joined last = bySize.get(fragments.size());
        if (last != null && sameFragments(last.fragments(), fragments)) {
            return last.frame();
        }
        String frame = json.updatesFrame(fragments);
        bySize.put(fragments.size(), new Joined(fragments, frame));
        return frame;
    }

    private static boolean sameFragments(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }
}
