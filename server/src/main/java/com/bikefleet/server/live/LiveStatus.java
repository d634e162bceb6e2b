package com.bikefleet.server.live;

/**
 * What a bike last said about itself, as listeners see it in {@code status} updates; null means not
 * (yet) known. Immutable: the hub keeps the merged latest per bike.
 *
 * @param gps         {@code fix}, {@code no_fix} or {@code no_data}, from the bike's status
 * @param outboxDepth fixes waiting in the bike's outbox, from its status (refreshed at least once a minute)
 * @param dropped     fixes the bike's outbox dropped because it was full, from its hello or status
 * @param backlog     fixes the bike still held below its newest live fix when it sent it (that fix's seq
 *                    minus one minus the batch's floor): above zero while a backlog drains
 * @param battery     the value of the newest telemetry reading named {@code battery}
 */
public record LiveStatus(String bikeId, String gps, Long outboxDepth, Long dropped, Long backlog, String battery) {

    public static LiveStatus reported(String bikeId, String gps, Long outboxDepth, Long dropped) {
        return new LiveStatus(bikeId, gps, outboxDepth, dropped, null, null);
    }

    public static LiveStatus backlog(String bikeId, long behind) {
        return new LiveStatus(bikeId, null, null, null, behind, null);
    }

    public static LiveStatus battery(String bikeId, String value) {
        return new LiveStatus(bikeId, null, null, null, null, value);
    }

    /** This status with the backlog unknown again: a new connection has not shown its own yet. */
    LiveStatus withoutBacklog() {
        return new LiveStatus(bikeId, gps, outboxDepth, dropped, null, battery);
    }

    /** This status with every field {@code newer} knows replaced. */
    LiveStatus with(LiveStatus newer) {
        return new LiveStatus(bikeId, pick(newer.gps, gps), pick(newer.outboxDepth, outboxDepth),
                pick(newer.dropped, dropped), pick(newer.backlog, backlog), pick(newer.battery, battery));
    }

    private static <T> T pick(T newer, T older) {
        return newer != null ? newer : older;
    }
}
