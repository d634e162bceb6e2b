import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * How long this machine's disk takes to make a small write durable, as SQLite's commit (synchronous=FULL)
 * and PostgreSQL's do: appends 4 KiB and forces it to the device, COUNT times, PAUSE_MS apart, and prints
 * the latency percentiles. Run from the repository root: java bench/FsyncLatency.java [DIR] [COUNT] [PAUSE_MS]
 * (default: /tmp, 500 writes, 20 ms apart). The file is deleted afterwards.
 */
public final class FsyncLatency {

    public static void main(String[] args) throws IOException, InterruptedException {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp");
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        long pauseMillis = args.length > 2 ? Long.parseLong(args[2]) : 20;
        Path file = Files.createTempFile(dir, "fsync-latency", ".bin");
        double[] millis = new double[count];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer block = ByteBuffer.allocate(4096);
            for (int i = 0; i < count; i++) {
                block.clear();
                channel.write(block);
                long start = System.nanoTime();
                channel.force(false);
                millis[i] = (System.nanoTime() - start) / 1e6;
                Thread.sleep(pauseMillis);
            }
        } finally {
            Files.deleteIfExists(file);
        }
        Arrays.sort(millis);
        System.out.printf("fsync of 4 KiB appends in %s, %d writes %d ms apart: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms,"
                        + " max %.2f ms; load average %s%n", dir, count, pauseMillis, at(millis, 0.50), at(millis, 0.90),
                at(millis, 0.99), millis[count - 1], Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static double at(double[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
    }
}
