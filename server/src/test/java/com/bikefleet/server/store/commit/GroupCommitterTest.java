package com.bikefleet.server.store.commit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.server.Await;
import com.bikefleet.server.store.CommitObserver;
import com.bikefleet.server.store.StoreBusyException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroupCommitterTest {

    /** Items named "live-..." are urgent; the writer holds its first group until released. */
    private static final class HeldWriter implements GroupCommitter.Writer<String> {
        final List<List<String>> groups = new CopyOnWriteArrayList<>();
        final CountDownLatch firstStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void write(List<String> items) throws Exception {
            groups.add(List.copyOf(items));
            firstStarted.countDown();
            assertTrue(release.await(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void theLagIsTheOldestWaitingUrgentItemsAgeAndNotHowManyWait() throws Exception {
        HeldWriter writer = new HeldWriter();
        try (GroupCommitter<String> committer = new GroupCommitter<>("test-committer", 100, 50,
                item -> item.startsWith("live"), item -> 1, 3, writer, CommitObserver.NONE)) {
            assertEquals(0, committer.urgentLagNanos(), "nothing waits");
            CompletableFuture<Void> first = committer.submit("live-0");
            assertTrue(writer.firstStarted.await(10, TimeUnit.SECONDS));
            CompletableFuture<Void> waiting = committer.submit("live-1");
            long queuedBy = System.nanoTime();
            committer.submit("bulk-0");
            long before = System.nanoTime();
            assertTrue(committer.urgentLagNanos() >= before - queuedBy, "at least the waiting item's age");
            writer.release.countDown();
            CompletableFuture.allOf(first, waiting).get(10, TimeUnit.SECONDS);
            assertEquals(0, committer.urgentLagNanos(), "once drained, no lag; the bulk lane does not count");
        }
    }

    @Test
    void theLagCountsWhatWaitsAtTheMeasuredTimePerItem() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        List<Integer> groups = new CopyOnWriteArrayList<>();
        GroupCommitter.Writer<String> writer = items -> {
            groups.add(items.size());
            if (groups.size() == 1) {
                // Costs the first group (of one) 20 ms: 20 ms per item measured.
                TimeUnit.MILLISECONDS.sleep(20);
            } else if (groups.size() == 2) {
                holding.countDown();
                assertTrue(hold.await(10, TimeUnit.SECONDS));
            }
        };
        try (GroupCommitter<String> committer = new GroupCommitter<>("test-committer", 100, 1, writer)) {
            committer.submit("a").get(10, TimeUnit.SECONDS);
            committer.submit("b");
            assertTrue(holding.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 50; i++) {
                committer.submit("c" + i);
            }
            // 50 waiting items at about 20 ms each is about a second of work, though none has waited that long.
            assertTrue(committer.urgentLagNanos() >= TimeUnit.MILLISECONDS.toNanos(500),
                    "lag " + committer.urgentLagNanos());
            hold.countDown();
        }
    }

    @Test
    void anUrgentItemIsCommittedAheadOfQueuedBulkItemsAndBulkKeepsItsOrder() throws Exception {
        HeldWriter writer = new HeldWriter();
        try (GroupCommitter<String> committer = new GroupCommitter<>("test-committer", 100, 50,
                item -> item.startsWith("live"), item -> 1, 3, writer, CommitObserver.NONE)) {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            done.add(committer.submit("bulk-0"));
            assertTrue(writer.firstStarted.await(10, TimeUnit.SECONDS));
            for (int i = 1; i <= 7; i++) {
                done.add(committer.submit("bulk-" + i));
            }
            done.add(committer.submit("live-a"));
            writer.release.countDown();
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

            assertEquals(List.of(List.of("bulk-0"), List.of("live-a", "bulk-1", "bulk-2", "bulk-3"),
                    List.of("bulk-4", "bulk-5", "bulk-6"), List.of("bulk-7")), writer.groups);
        }
    }

    @Test
    void bulkItemsShareAGroupByTheirSizeAndAnOversizedOneGoesAlone() throws Exception {
        HeldWriter writer = new HeldWriter();
        // "bulk-N:R" stands for a backlog batch of R rows; the share is 1,000 rows.
        try (GroupCommitter<String> committer = new GroupCommitter<>("test-committer", 300, 500,
                item -> item.startsWith("live"), item -> Integer.parseInt(item.substring(item.indexOf(':') + 1)),
                1_000, writer, CommitObserver.NONE)) {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            done.add(committer.submit("bulk-0:1"));
            assertTrue(writer.firstStarted.await(10, TimeUnit.SECONDS));
            for (String item : List.of("bulk-1:600", "bulk-2:600", "bulk-3:5", "bulk-4:5", "bulk-5:5000", "bulk-6:5")) {
                done.add(committer.submit(item));
            }
            for (int i = 7; i < 207; i++) {
                done.add(committer.submit("bulk-" + i + ":3"));
            }
            done.add(committer.submit("live-a:1"));
            writer.release.countDown();
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

            assertEquals(List.of("bulk-0:1"), writer.groups.get(0));
            assertEquals(List.of("live-a:1", "bulk-1:600"), writer.groups.get(1), "600 + 600 is over the share");
            assertEquals(List.of("bulk-2:600", "bulk-3:5", "bulk-4:5"), writer.groups.get(2));
            assertEquals(List.of("bulk-5:5000"), writer.groups.get(3), "over the share alone, but not held back");
            // One batch of 5 rows and 200 of 3 (605 rows): one group, as a reconnect storm's small backlogs need.
            assertEquals(201, writer.groups.get(4).size());
            assertEquals(5, writer.groups.size());
        }
    }

    @Test
    void aFullLaneRefusesAtOnceWithoutWritingItAndTheOtherLaneStillTakesItems() throws Exception {
        HeldWriter writer = new HeldWriter();
        try (GroupCommitter<String> committer = new GroupCommitter<>("test-committer", 2, 50,
                item -> item.startsWith("live"), item -> 1, 50, writer, CommitObserver.NONE)) {
            CompletableFuture<Void> first = committer.submit("bulk-0");
            assertTrue(writer.firstStarted.await(10, TimeUnit.SECONDS));
            CompletableFuture<Void> second = committer.submit("bulk-1");
            CompletableFuture<Void> third = committer.submit("bulk-2");
            // The bulk lane is full now: the next bulk item is refused at once, never waited for.
            CompletableFuture<Void> refused = committer.submit("bulk-3");
            ExecutionException busy = assertThrows(ExecutionException.class, () -> refused.get(1, TimeUnit.SECONDS));
            assertInstanceOf(StoreBusyException.class, busy.getCause());
            assertTrue(busy.getCause().getMessage().contains("store.queue-capacity"), busy.getCause().getMessage());
            CompletableFuture<Void> live = committer.submit("live-a");
            writer.release.countDown();
            CompletableFuture.allOf(first, second, third, live).get(10, TimeUnit.SECONDS);
            assertEquals(List.of("live-a", "bulk-1", "bulk-2"), writer.groups.get(1));
            assertFalse(writer.groups.stream().anyMatch(group -> group.contains("bulk-3")), "a refused item is not written");
        }
    }

    @Test
    void theBulkLaneIsBoundedByItsRowsTooSoBigBacklogBatchesCannotFillTheHeap() throws Exception {
        HeldWriter writer = new HeldWriter();
        int batch = 500;
        int fit = GroupCommitter.MAX_BULK_ROWS / batch;
        try (GroupCommitter<String> committer = new GroupCommitter<>("test-committer", 1_000_000, 50,
                item -> item.startsWith("live"), item -> batch, batch, writer, CommitObserver.NONE)) {
            CompletableFuture<Void> first = committer.submit("bulk-first");
            assertTrue(writer.firstStarted.await(10, TimeUnit.SECONDS));
            List<CompletableFuture<Void>> taken = new ArrayList<>();
            for (int i = 0; i < fit; i++) {
                taken.add(committer.submit("bulk-" + i));
            }
            // Far below the item capacity, but the rows are at their bound.
            CompletableFuture<Void> refused = committer.submit("bulk-over");
            ExecutionException busy = assertThrows(ExecutionException.class, () -> refused.get(1, TimeUnit.SECONDS));
            assertInstanceOf(StoreBusyException.class, busy.getCause());
            assertTrue(busy.getCause().getMessage().contains(GroupCommitter.MAX_BULK_ROWS + " fixes"),
                    busy.getCause().getMessage());
            writer.release.countDown();
            first.get(10, TimeUnit.SECONDS);
            CompletableFuture.allOf(taken.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            // Once written, the rows are free again.
            committer.submit("bulk-after").get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void workBetweenGroupsWaitsWhileItemsFillWholeGroupsButIsNotStarved() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        HeldWriter held = new HeldWriter();
        GroupCommitter.Writer<String> writer = items -> {
            events.add("group");
            held.write(items);
        };
        int queued = 4 * GroupCommitter.FULL_GROUPS_PER_BETWEEN;
        List<CompletableFuture<Void>> all = new ArrayList<>();
        try (GroupCommitter<String> committer = new GroupCommitter<>("test-committer", 1_000, 1,
                item -> true, item -> 1, 1, writer, CommitObserver.NONE, () -> events.add("between"))) {
            all.add(committer.submit("live-first"));
            assertTrue(held.firstStarted.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < queued; i++) {
                all.add(committer.submit("live-" + i));
            }
            held.release.countDown();
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        }
        // Every group takes its one item (maxGroup 1): all of them full, back to back.
        List<String> untilLastGroup = events.subList(0, events.lastIndexOf("group") + 1);
        long between = untilLastGroup.stream().filter("between"::equals).count();
        assertEquals(queued + 1, untilLastGroup.stream().filter("group"::equals).count());
        assertTrue(between >= 3 && between <= 5, "between ran " + between + " times in " + (queued + 1)
                + " full groups: " + events);
    }

    @Test
    void callersAreToldOnAThreadOfTheirOwnSoASlowCallbackDoesNotHoldUpTheNextCommit() throws Exception {
        List<List<String>> written = new CopyOnWriteArrayList<>();
        CountDownLatch callbackRelease = new CountDownLatch(1);
        List<String> callbackThreads = new CopyOnWriteArrayList<>();
        // "a" is written only once its callback is attached: attached to a completed future, the callback would
        // run at once on the test's own thread.
        CountDownLatch attached = new CountDownLatch(1);
        try (GroupCommitter<String> committer = new GroupCommitter<>("test-committer", 10, 1,
                item -> true, item -> 1, 1, items -> {
                    assertTrue(attached.await(10, TimeUnit.SECONDS));
                    written.add(List.copyOf(items));
                }, CommitObserver.NONE)) {
            CompletableFuture<Void> slow = committer.submit("a").thenRun(() -> {
                callbackThreads.add(Thread.currentThread().getName());
                try {
                    assertTrue(callbackRelease.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            attached.countDown();
            // Groups of one item: "b" is its own commit, written while "a"'s caller is still busy.
            committer.submit("b");
            Await.until("b written", () -> written.size() >= 2);
            assertEquals(List.of(List.of("a"), List.of("b")), written);
            assertFalse(slow.isDone(), "a's callback is still held");
            callbackRelease.countDown();
            slow.get(10, TimeUnit.SECONDS);
            assertEquals(List.of("test-committer-acks"), callbackThreads);
        }
    }

    @Test
    void aFailedGroupFailsEveryCallerInItAndLaterGroupsStillCommit() throws Exception {
        List<List<String>> written = new CopyOnWriteArrayList<>();
        try (GroupCommitter<String> committer = new GroupCommitter<>("test-committer", 10, 10,
                item -> true, item -> 1, 10, items -> {
                    if (items.contains("bad")) {
                        throw new IllegalStateException("disk full");
                    }
                    written.add(List.copyOf(items));
                }, CommitObserver.NONE)) {
            CompletableFuture<Void> bad = committer.submit("bad");
            assertTrue(bad.handle((ok, failure) -> failure != null).get(10, TimeUnit.SECONDS));
            committer.submit("good").get(10, TimeUnit.SECONDS);
            assertEquals(List.of(List.of("good")), written);
        }
    }

    @Test
    void theObserverLearnsEachCommittedGroupsSizeAndHowLongItsWriteTookButNotAFailedOne() throws Exception {
        HeldWriter writer = new HeldWriter();
        List<long[]> observed = new CopyOnWriteArrayList<>();
        try (GroupCommitter<String> committer = new GroupCommitter<>("test-committer", 10, 10,
                item -> true, item -> 1, 10, items -> {
                    if (items.contains("bad")) {
                        throw new IllegalStateException("disk full");
                    }
                    writer.write(items);
                }, (writes, nanos) -> observed.add(new long[] {writes, nanos}))) {
            CompletableFuture<Void> first = committer.submit("a");
            assertTrue(writer.firstStarted.await(10, TimeUnit.SECONDS));
            CompletableFuture<Void> second = committer.submit("b");
            CompletableFuture<Void> third = committer.submit("c");
            long heldFrom = System.nanoTime();
            Thread.sleep(50);
            writer.release.countDown();
            CompletableFuture.allOf(first, second, third).get(10, TimeUnit.SECONDS);
            long held = System.nanoTime() - heldFrom;
            assertTrue(committer.submit("bad").handle((ok, failure) -> failure != null).get(10, TimeUnit.SECONDS));

            assertEquals(2, observed.size(), "one observation per committed group, none for the failed one");
            assertEquals(1, observed.get(0)[0]);
            assertEquals(2, observed.get(1)[0]);
            // The first write was held for at least 50 ms; its timing covers that, and no more than the hold.
            assertTrue(observed.get(0)[1] >= TimeUnit.MILLISECONDS.toNanos(50), "took " + observed.get(0)[1]);
            assertTrue(observed.get(0)[1] <= held + TimeUnit.SECONDS.toNanos(1), "took " + observed.get(0)[1]);
        }
    }

    /**
     * Holds the first group ("hold") until released, so the items submitted meanwhile make one group; refuses
     * any group holding an item starting "bad", or every group while {@code down} is set. Records each call.
     */
    private static final class FailingWriter implements GroupCommitter.Writer<String> {
        final List<List<String>> calls = new CopyOnWriteArrayList<>();
        final List<List<String>> committed = new CopyOnWriteArrayList<>();
        volatile CountDownLatch holding;
        volatile CountDownLatch release;
        volatile boolean down;

        @Override
        public void write(List<String> items) throws Exception {
            calls.add(List.copyOf(items));
            if (items.contains("hold")) {
                holding.countDown();
                assertTrue(release.await(10, TimeUnit.SECONDS));
            }
            if (down) {
                throw new java.sql.SQLException("disk I/O error");
            }
            if (items.stream().anyMatch(item -> item.startsWith("bad"))) {
                throw new ArithmeticException("long overflow");
            }
            committed.add(List.copyOf(items));
        }

        /** Submits "hold", waits until the writer holds it, then submits {@code items}: they form the next group. */
        List<CompletableFuture<Void>> groupOf(GroupCommitter<String> committer, String... items) throws Exception {
            holding = new CountDownLatch(1);
            release = new CountDownLatch(1);
            List<CompletableFuture<Void>> done = new ArrayList<>();
            done.add(committer.submit("hold"));
            assertTrue(holding.await(10, TimeUnit.SECONDS));
            for (String item : items) {
                done.add(committer.submit(item));
            }
            release.countDown();
            return done;
        }
    }

    private static boolean failed(CompletableFuture<Void> done) throws Exception {
        return done.handle((ok, failure) -> failure != null).get(10, TimeUnit.SECONDS);
    }

    @Test
    void oneFailingWriteInAGroupFailsOnlyItsCallerAndTheOthersAreCommittedEachAlone() throws Exception {
        FailingWriter writer = new FailingWriter();
        List<long[]> observed = new CopyOnWriteArrayList<>();
        try (GroupCommitter<String> committer = new GroupCommitter<>("test-committer", 10, 10,
                item -> true, item -> 1, 10, writer, (writes, nanos) -> observed.add(new long[] {writes, nanos}))) {
            List<CompletableFuture<Void>> done = writer.groupOf(committer, "good-1", "bad", "good-2", "good-3");

            assertFalse(failed(done.get(1)), "good-1");
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> done.get(2).get(10, TimeUnit.SECONDS));
            assertInstanceOf(ArithmeticException.class, refused.getCause(), "the bad write's own failure");
            assertFalse(failed(done.get(3)), "good-2");
            assertFalse(failed(done.get(4)), "good-3");
        }
        assertEquals(List.of(List.of("hold"), List.of("good-1", "bad", "good-2", "good-3"), List.of("good-1"),
                List.of("bad"), List.of("good-2"), List.of("good-3")), writer.calls);
        assertEquals(List.of(List.of("hold"), List.of("good-1"), List.of("good-2"), List.of("good-3")), writer.committed);
        assertEquals(List.of(1L, 1L, 1L, 1L), observed.stream().map(o -> o[0]).toList(), "each commit is observed");
    }

    @Test
    void aStoreThatFailsEveryWriteIsTriedAloneAtMostTwiceAndThenNotAgainUntilAWriteCommits() throws Exception {
        FailingWriter writer = new FailingWriter();
        try (GroupCommitter<String> committer = new GroupCommitter<>("test-committer", 10, 10,
                item -> true, item -> 1, 10, writer, CommitObserver.NONE)) {
            writer.down = true;
            List<CompletableFuture<Void>> first = writer.groupOf(committer, "a", "b", "c", "d");
            for (CompletableFuture<Void> done : first) {
                assertTrue(failed(done));
            }
            // The group, then "a" and "b" alone; "c" and "d" are given up with the group.
            assertEquals(List.of(List.of("hold"), List.of("a", "b", "c", "d"), List.of("a"), List.of("b")),
                    writer.calls);

            // Still failing: the next group is tried once, as a whole, not write by write.
            writer.calls.clear();
            CompletableFuture<Void> e = committer.submit("e");
            CompletableFuture<Void> f = committer.submit("f");
            assertTrue(failed(e));
            assertTrue(failed(f));
            // One group or two, but no write tried a second time alone.
            assertEquals(List.of("e", "f"), writer.calls.stream().flatMap(List::stream).toList());

            // Once a write commits, a failing group is written write by write again.
            writer.down = false;
            committer.submit("g").get(10, TimeUnit.SECONDS);
            List<CompletableFuture<Void>> later = writer.groupOf(committer, "bad-2", "h");
            assertTrue(failed(later.get(1)), "bad-2");
            assertFalse(failed(later.get(2)), "h");
            assertEquals(List.of(List.of("g"), List.of("hold"), List.of("h")), writer.committed);
        }
    }
}
