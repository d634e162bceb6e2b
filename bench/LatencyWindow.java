import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.HdrHistogram.Histogram;

/**
 * One simulator process's report-to-ack latency over a window of the run that its report does not cut
 * out by itself, such as the seconds in which a backfill was draining. Reads the process's own result
 * (bikes-0.json in a report folder), merges its per-second histograms whose second falls in [FROM, TO)
 * seconds after the process started, and prints the percentiles. With --seconds, prints each second too.
 *
 * <p>Run from the repository root, with the simulator's jar (it holds Gson and HdrHistogram):
 * {@code java -cp fleet-simulator/target/fleet-simulator.jar bench/LatencyWindow.java RESULT.json FROM TO [--seconds]}
 */
public final class LatencyWindow {

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: LatencyWindow RESULT.json FROM_S TO_S [--seconds]");
            System.exit(2);
        }
        JsonObject result = JsonParser.parseString(Files.readString(Path.of(args[0]))).getAsJsonObject();
        double from = Double.parseDouble(args[1]);
        double to = Double.parseDouble(args[2]);
        boolean perSecond = args.length > 3 && args[3].equals("--seconds");
        long started = result.get("startedAt").getAsLong();
        Histogram window = new Histogram(3);
        for (JsonElement element : result.getAsJsonArray("series")) {
            JsonObject point = element.getAsJsonObject();
            double at = (point.get("t").getAsLong() - started) / 1000.0;
            if (at < from || at >= to || !point.has("ack") || point.get("ack").isJsonNull()) {
                continue;
            }
            byte[] bytes = Base64.getDecoder().decode(point.get("ack").getAsString());
            Histogram second = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
            window.add(second);
            if (perSecond) {
                System.out.printf("%7.1f s  %s%n", at, describe(second));
            }
        }
        System.out.printf("%s, %.0f-%.0f s: %s%n", result.get("role").getAsString(), from, to, describe(window));
    }

    private static String describe(Histogram h) {
        // The simulator records microseconds.
        return String.format("count %d, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms", h.getTotalCount(),
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(95) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
    }
}
