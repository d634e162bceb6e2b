package com.bikefleet.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every fix a virtual bike sent must be stored exactly once: the bike numbered its fixes 1..lastSeq in one
 * outbox, so the server must hold that outbox with lowest seq 1, highest seq lastSeq and nothing missing
 * between them. The store keys fixes by (bike, outbox, seq), so a fix cannot be held twice; a fix the
 * bike never sent (a seq above lastSeq) counts as extra.
 */
final class LossAccounting {

    /** What a bike sent: its outbox and the numbers it used and saw acknowledged. */
    record Ledger(String bikeId, String outboxId, long lastSeq, long ackedSeq) {
    }

    /** What the server holds for one outbox of a bike, from {@code GET /api/bikes/{id}/gaps}. */
    record Stored(String outboxId, long lowestSeq, long highestSeq, long stored, long missing) {
    }

    private LossAccounting() {
    }

    /** Checks each bike's ledger against what the server holds for its outbox (absent: nothing stored). */
    static RunResult.LossReport account(List<Ledger> ledgers, Map<String, Stored> storedByBike) {
        long sent = 0;
        long acked = 0;
        long stored = 0;
        long lost = 0;
        long extra = 0;
        int bikesWithLoss = 0;
        List<String> examples = new ArrayList<>();
        for (Ledger ledger : ledgers) {
            sent += ledger.lastSeq();
            acked += ledger.ackedSeq();
            Stored s = storedByBike.get(ledger.bikeId());
            long bikeLost;
            long bikeExtra;
            if (s == null || !s.outboxId().equals(ledger.outboxId())) {
                bikeLost = ledger.lastSeq();
                bikeExtra = 0;
            } else {
                stored += s.stored();
                bikeLost = (s.lowestSeq() - 1) + s.missing() + Math.max(0, ledger.lastSeq() - s.highestSeq());
                bikeExtra = Math.max(0, s.highestSeq() - ledger.lastSeq());
            }
            lost += bikeLost;
            extra += bikeExtra;
            boolean unacked = ledger.ackedSeq() < ledger.lastSeq();
            if (bikeLost > 0 || bikeExtra > 0 || unacked) {
                bikesWithLoss++;
                if (examples.size() < 20) {
                    examples.add(ledger.bikeId() + ": sent 1.." + ledger.lastSeq() + ", acked to " + ledger.ackedSeq()
                            + (s == null ? ", nothing stored" : ", stored " + s.stored() + " (" + s.lowestSeq() + ".."
                            + s.highestSeq() + ", " + s.missing() + " missing)"));
                }
            }
        }
        return new RunResult.LossReport(true, ledgers.size(), sent, acked, stored, lost, extra, bikesWithLoss, examples);
    }
}
