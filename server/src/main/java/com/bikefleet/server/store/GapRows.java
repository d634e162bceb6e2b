package com.bikefleet.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns the two gap queries' rows ({@link FixReader#gaps}) into a report. */
final class GapRows {

    private GapRows() {
    }

    /**
     * @param missing    rows of (outbox_id, first missing seq, last missing seq), ordered by outbox and seq
     * @param perOutbox  rows of (outbox_id, min seq, max seq, count), one per outbox
     * @param maxGaps    ranges kept per outbox; the report says when more were cut
     */
    static List<OutboxGaps> collect(ResultSet missing, ResultSet perOutbox, int maxGaps) throws SQLException {
        Map<String, List<SeqRange>> ranges = new HashMap<>();
        Map<String, Long> missingCounts = new HashMap<>();
        while (missing.next()) {
            SeqRange range = new SeqRange(missing.getLong(2), missing.getLong(3));
            missingCounts.merge(missing.getString(1), range.count(), Long::sum);
            List<SeqRange> list = ranges.computeIfAbsent(missing.getString(1), id -> new ArrayList<>());
            // Keep one past the limit so the report can say it was cut.
            if (list.size() <= maxGaps) {
                list.add(range);
            }
        }
        List<OutboxGaps> report = new ArrayList<>();
        while (perOutbox.next()) {
            String outboxId = perOutbox.getString(1);
            List<SeqRange> list = ranges.getOrDefault(outboxId, List.of());
            boolean truncated = list.size() > maxGaps;
            report.add(new OutboxGaps(outboxId, perOutbox.getLong(2), perOutbox.getLong(3), perOutbox.getLong(4),
                    missingCounts.getOrDefault(outboxId, 0L), truncated ? list.subList(0, maxGaps) : list,
                    truncated));
        }
        return report;
    }
}
