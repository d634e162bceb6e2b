package com.bikefleet.hardware.replay;

/** Monotonic time and waiting, injected so that tests can replay without waiting. */
public interface Pacer {

    long nanoTime();

    /** Waits until {@link #nanoTime()} reaches {@code deadline}. */
    void sleepUntil(long deadline) throws InterruptedException;

    /** The real thing: {@link System#nanoTime()} and sleeping. */
    Pacer SYSTEM = new Pacer() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepUntil(long deadline) throws InterruptedException {
            for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            }
        }
    };
}
