package com.bikefleet.hardware.nmea.bench;

import com.bikefleet.hardware.nmea.NmeaDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoder throughput in sentences per second, and (with {@code -prof gc}) bytes allocated per sentence.
 * The input is the sentences of gpsd's receiver logs, repeated to {@link #SENTENCES_PER_INVOCATION} and
 * fed in 64-byte reads as from a UART. {@code input=logs} takes them all, so emitted fixes (about one per
 * five sentences) are included; {@code input=no-fixes} leaves out RMC, GGA and GLL, to show what parsing
 * alone allocates. Run it with bench/nmea-decoder.sh.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NmeaDecoderBenchmark {

    static final int SENTENCES_PER_INVOCATION = 10_000;
    private static final int READ_SIZE = 64;
    private static final List<String> LOGS = List.of("neo-m8n", "quectel-L70", "haicom-305N", "bu353-glonass",
            "nmea-fuzzy-cases", "gp-320fw-2019-04-06-overflow", "mtk-3301", "beidou-bd");

    @Param({"logs", "no-fixes"})
    public String input;

    private byte[] stream;
    private NmeaDecoder decoder;

    @Setup(Level.Trial)
    public void load(Blackhole blackhole) throws IOException {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        int sentences = 0;
        while (sentences < SENTENCES_PER_INVOCATION) {
            for (String log : LOGS) {
                try (InputStream in = NmeaDecoderBenchmark.class.getResourceAsStream("/nmea/" + log + ".log")) {
                    for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1)
                            .split("\n")) {
                        boolean wanted = input.equals("logs") || !(line.startsWith("RMC", 3)
                                || line.startsWith("GGA", 3) || line.startsWith("GLL", 3));
                        if (line.startsWith("$") && wanted && sentences < SENTENCES_PER_INVOCATION) {
                            lines.writeBytes((line.strip() + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                            sentences++;
                        }
                    }
                }
            }
        }
        stream = lines.toByteArray();
        decoder = new NmeaDecoder(blackhole::consume);
    }

    @Benchmark
    @OperationsPerInvocation(SENTENCES_PER_INVOCATION)
    public long decode() {
        for (int offset = 0; offset < stream.length; offset += READ_SIZE) {
            decoder.accept(stream, offset, Math.min(READ_SIZE, stream.length - offset));
        }
        return decoder.counters().fixes();
    }
}
