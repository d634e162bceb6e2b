package com.bikefleet.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LossAccountingTest {

    @Test
    void everyFixStoredOnceIsNoLoss() {
        RunResult.LossReport report = LossAccounting.account(
                List.of(new LossAccounting.Ledger("a", "box-a", 10, 10), new LossAccounting.Ledger("b", "box-b", 5, 5)),
                Map.of("a", new LossAccounting.Stored("box-a", 1, 10, 10, 0),
                        "b", new LossAccounting.Stored("box-b", 1, 5, 5, 0)));
        assertTrue(report.checked());
        assertEquals(15, report.sent());
        assertEquals(15, report.stored());
        assertEquals(0, report.lost());
        assertEquals(0, report.extra());
        assertEquals(0, report.bikesWithLoss());
    }

    @Test
    void holesMissingHeadsAndTailsAndAbsentBikesAreLoss() {
        RunResult.LossReport report = LossAccounting.account(List.of(
                        new LossAccounting.Ledger("hole", "h", 10, 10),
                        new LossAccounting.Ledger("head", "s", 10, 10),
                        new LossAccounting.Ledger("tail", "t", 10, 10),
                        new LossAccounting.Ledger("absent", "x", 4, 4)),
                Map.of("hole", new LossAccounting.Stored("h", 1, 10, 8, 2),
                        "head", new LossAccounting.Stored("s", 4, 10, 7, 0),
                        "tail", new LossAccounting.Stored("t", 1, 7, 7, 0)));
        assertEquals(2 + 3 + 3 + 4, report.lost());
        assertEquals(4, report.bikesWithLoss());
        assertEquals(4, report.examples().size());
        assertTrue(report.examples().get(3).contains("nothing stored"), report.examples().get(3));
    }

    @Test
    void anotherOutboxOfTheSameBikeDoesNotCountAsOurs() {
        RunResult.LossReport report = LossAccounting.account(List.of(new LossAccounting.Ledger("a", "new", 3, 3)),
                Map.of("a", new LossAccounting.Stored("old", 1, 3, 3, 0)));
        assertEquals(3, report.lost());
    }

    @Test
    void fixesAboveWhatWasSentAreExtraAndUnackedFixesAreFlagged() {
        RunResult.LossReport report = LossAccounting.account(List.of(
                        new LossAccounting.Ledger("a", "a", 5, 5), new LossAccounting.Ledger("b", "b", 5, 3)),
                Map.of("a", new LossAccounting.Stored("a", 1, 7, 7, 0), "b", new LossAccounting.Stored("b", 1, 5, 5, 0)));
        assertEquals(2, report.extra());
        assertEquals(0, report.lost());
        assertEquals(2, report.bikesWithLoss(), "b stored everything but saw acks only up to 3");
        assertEquals(8, report.acked());
    }

    @Test
    void theGapsAnswerIsReadForTheRightOutbox() {
        String body = "{\"bikeId\":\"a\",\"dropped\":0,\"outboxes\":[{\"outboxId\":\"old\",\"lowestSeq\":1,\"highestSeq\":9,"
                + "\"stored\":9,\"missing\":0,\"gaps\":[],\"truncated\":false},{\"outboxId\":\"new\",\"lowestSeq\":2,"
                + "\"highestSeq\":6,\"stored\":4,\"missing\":1,\"gaps\":[{\"from\":4,\"to\":4}],\"truncated\":false}]}";
        assertEquals(new LossAccounting.Stored("new", 2, 6, 4, 1), GapsClient.parse(body, "new"));
        assertEquals(null, GapsClient.parse(body, "other"));
        assertFalse(RunResult.LossReport.notChecked(1, 2, 2).checked());
    }
}
