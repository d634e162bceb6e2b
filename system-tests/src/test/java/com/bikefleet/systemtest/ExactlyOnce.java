package com.bikefleet.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * The invariant every fault test ends with, checked after the agent has stopped: what the server stored
 * is exactly what the agent generated and did not drop, each fix once, from one outbox, with sequence
 * numbers contiguous from the first fix not dropped; and whatever is not stored is still pending in the
 * outbox file.
 */
final class ExactlyOnce {

    private ExactlyOnce() {
    }

    /**
     * @param stored   the server's rows for the bike
     * @param outbox   the agent's outbox file, read after the agent stopped
     * @param firstSeq the first sequence number not dropped by the outbox (1 when nothing was dropped)
     */
    static void check(List<ServerDb.Row> stored, OutboxFile outbox, long firstSeq) {
        assertTrue(!stored.isEmpty(), "the server stored nothing");
        Set<String> outboxIds = stored.stream().map(ServerDb.Row::outboxId).collect(Collectors.toSet());
        assertEquals(Set.of(outbox.outboxId()), outboxIds, "stored fixes come from one outbox, the agent's");

        List<Long> seqs = stored.stream().map(ServerDb.Row::seq).sorted().toList();
        assertEquals(seqs.size(), new TreeSet<>(seqs).size(), "a fix was stored twice");
        long first = seqs.get(0);
        long last = seqs.get(seqs.size() - 1);
        assertEquals(firstSeq, first, "the first stored fix is the first one not dropped");
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < seqs.size() && gaps.size() < 10; i++) {
            for (long missing = seqs.get(i - 1) + 1; missing < seqs.get(i) && gaps.size() < 10; missing++) {
                gaps.add(missing);
            }
        }
        assertEquals(List.of(), gaps, "stored sequence numbers have gaps (first ten shown), stored "
                + first + ".." + last + ", " + seqs.size() + " fixes");
        assertTrue(last <= outbox.lastSeq(), "the server stored seq " + last + " but the outbox only ever made "
                + outbox.lastSeq());

        // Every generated fix that was not dropped is stored or still waiting in the outbox.
        Set<Long> accountedFor = new TreeSet<>(seqs);
        accountedFor.addAll(outbox.pendingSeqs());
        Set<Long> generated = LongStream.rangeClosed(firstSeq, outbox.lastSeq()).boxed()
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(generated.size(), accountedFor.size(), "fixes stored or pending vs generated "
                + firstSeq + ".." + outbox.lastSeq() + " (pending: " + outbox.pendingSeqs().size() + ")");
        assertEquals(generated, accountedFor);
    }
}
