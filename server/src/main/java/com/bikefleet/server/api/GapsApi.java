package com.bikefleet.server.api;

import com.bikefleet.server.store.FixStore;
import com.bikefleet.server.store.GapReport;
import com.bikefleet.server.store.OutboxGaps;
import com.bikefleet.server.store.OutboxIncidents;
import com.bikefleet.server.store.SeqRange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glassfish.grizzly.http.server.Response;

/**
 * {@code GET /api/bikes/{id}/gaps}: what a bike lost, two ways: the drops it reported (its outbox was full)
 * and the sequence numbers missing from the store between each outbox's lowest and highest stored fix.
 */
final class GapsApi {

    /** Gap ranges listed per outbox at most; the totals still count them all. */
    static final int MAX_GAPS = 1000;

    private final FixStore store;
    private final JsonResponses json;

    GapsApi(FixStore store, JsonResponses json) {
        this.store = store;
        this.json = json;
    }

    void service(String bikeId, Response response) throws IOException {
        GapReport report = store.gaps(bikeId, MAX_GAPS);
        List<Map<String, Object>> outboxes = new ArrayList<>();
        for (OutboxGaps outbox : report.outboxes()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("outboxId", outbox.outboxId());
            row.put("lowestSeq", outbox.lowestSeq());
            row.put("highestSeq", outbox.highestSeq());
            row.put("stored", outbox.stored());
            row.put("missing", outbox.missing());
            List<Map<String, Long>> gaps = new ArrayList<>();
            for (SeqRange range : outbox.gaps()) {
                gaps.add(Map.of("from", range.first(), "to", range.last()));
            }
            row.put("gaps", gaps);
            row.put("truncated", outbox.truncated());
            outboxes.add(row);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("bikeId", report.bikeId());
        body.put("dropped", report.dropped());
        putIncidents(body, report.incidents());
        body.put("outboxes", outboxes);
        json.ok(response, body);
    }

    /**
     * {@code skipped} (seqs the current outbox skipped after a rollback; null if never reported) and
     * {@code outboxReset} ({@code {"reason", "previousOutboxId"}} when the current outbox replaced an
     * unreadable one, else null), the same in the bike list and the gap report.
     */
    static void putIncidents(Map<String, Object> row, OutboxIncidents incidents) {
        row.put("skipped", incidents.skipped());
        if (incidents.reset() == null) {
            row.put("outboxReset", null);
        } else {
            Map<String, Object> reset = new LinkedHashMap<>();
            reset.put("reason", incidents.reset());
            reset.put("previousOutboxId", incidents.previousOutboxId());
            row.put("outboxReset", reset);
        }
    }
}
