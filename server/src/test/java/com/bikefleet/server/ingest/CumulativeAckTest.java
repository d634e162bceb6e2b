package com.bikefleet.server.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CumulativeAckTest {

    private final CumulativeAck ack = new CumulativeAck();

    @Test
    void inOrderBatchesAdvanceTheAck() {
        ack.stored(1, 100);
        ack.stored(101, 200);
        assertEquals(200, ack.value());
    }

    @Test
    void aLiveFixAheadOfTheBacklogIsCoveredOnlyWhenTheBacklogBelowItIsStored() {
        ack.floor(10);
        ack.stored(500, 500);
        assertEquals(10, ack.value());
        ack.stored(11, 300);
        assertEquals(300, ack.value());
        ack.stored(301, 499);
        assertEquals(500, ack.value());
    }

    @Test
    void aFloorSkipsWhatTheBikeDroppedOrHadAcknowledged() {
        ack.stored(51, 60);
        assertEquals(0, ack.value());
        ack.floor(50);
        assertEquals(60, ack.value());
    }

    @Test
    void repeatedAndOverlappingRangesAreHarmless() {
        ack.stored(5, 10);
        ack.stored(1, 7);
        ack.stored(1, 3);
        assertEquals(10, ack.value());
        ack.floor(4);
        assertEquals(10, ack.value());
    }

    @Test
    void anyOrderOfSingleNumbersEndsAtTheTop() {
        List<Long> seqs = new ArrayList<>();
        for (long s = 1; s <= 1000; s++) {
            seqs.add(s);
        }
        Collections.shuffle(seqs, new Random(7));
        long previous = 0;
        for (long s : seqs) {
            ack.stored(s, s);
            long now = ack.value();
            assertEquals(true, now >= previous);
            previous = now;
        }
        assertEquals(1000, ack.value());
    }
}
