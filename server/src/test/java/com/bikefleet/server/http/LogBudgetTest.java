package com.bikefleet.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Lines per connection and per address a minute, the rest counted and reported; driven by a hand-set clock. */
class LogBudgetTest {

    private static final long MINUTE = 60_000_000_000L;

    private long now = 1_000;
    private final LogBudget budget = new LogBudget(() -> now, 3, 5, 2);

    @Test
    void aConnectionWritesItsBudgetThenIsCountedAndTheNextLineSaysHowManyWereLeftOut() {
        LogBudget.Source connection = budget.connection("10.0.0.1");
        for (int i = 0; i < 3; i++) {
            assertEquals("", connection.admit());
        }
        for (int i = 0; i < 500; i++) {
            assertNull(connection.admit());
        }
        assertEquals(500, budget.suppressed());
        now += MINUTE / 3;
        assertEquals(" [500 more log lines from this connection suppressed]", connection.admit());
        assertEquals("", connection.takeUnreportedNote());
    }

    @Test
    void anAddressIsLimitedOverAllItsConnections() {
        int admitted = 0;
        for (int c = 0; c < 4; c++) {
            LogBudget.Source connection = budget.connection("10.0.0.1");
            for (int i = 0; i < 3; i++) {
                admitted += connection.admit() == null ? 0 : 1;
            }
        }
        assertEquals(5, admitted);
        assertNotNull(budget.connection("10.0.0.2").admit(), "another address has its own budget");
    }

    @Test
    void aLineChargedToTheConnectionOnlyIsNotHeldBackByItsAddress() {
        for (int i = 0; i < 5; i++) {
            budget.address("10.0.0.1").admit();
        }
        LogBudget.Source connection = budget.connection("10.0.0.1");
        assertNull(connection.admit());
        assertEquals(" [1 more log lines from this connection suppressed]", connection.admitIgnoringAddress());
    }

    @Test
    void theAddressTableForgetsTheLeastRecentlyUsedBeyondItsSize() {
        for (int i = 0; i < 5; i++) {
            budget.address("10.0.0.1").admit();
        }
        assertNull(budget.address("10.0.0.1").admit());
        budget.address("10.0.0.2").admit();
        budget.address("10.0.0.3").admit();
        // 10.0.0.1 was forgotten (two entries kept): it starts with a full budget.
        assertEquals("", budget.address("10.0.0.1").admit());
    }
}
