package com.bikefleet.hardware.nmea;

import com.bikefleet.model.Fix;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns the bytes a GPS receiver writes into fixes:
 * {@link LineAssembler lines} -> {@link Checksum checksum} -> {@link SentenceParser sentence}
 * -> {@link EpochMerger epoch} -> {@link Fix}.
 *
 * <p>Never throws on input, however broken; bad lines are skipped and counted. Decoding a sentence
 * allocates nothing; only an emitted fix does.
 *
 * <p>Not thread-safe: one reader thread feeds it and receives fixes on the same thread. The
 * {@link #counters()} may be read from any thread.
 */
public final class NmeaDecoder {

    /**
     * For a live receiver: dates before this are GPS week rollovers and move forward by 1024 weeks. A live
     * receiver reports today, and today is later than this (no bike runs this release earlier), so an
     * earlier date can only be a rollover. It must also lie less than 1024 weeks (19.6 years) before any
     * date the decoder will see. See docs/gps.md.
     */
    public static final LocalDate DEFAULT_ROLLOVER_PIVOT = LocalDate.of(2024, 1, 1);

    /** How long after {@link #DEFAULT_ROLLOVER_PIVOT} a recorded log of a rolled-over receiver is still corrected. */
    static final int RECORDED_MARGIN_WEEKS = 52;

    /**
     * For a recorded log (replay, {@code nmea FILE}): its dates are true unless its receiver had rolled
     * over, so only a date in the window an old-firmware receiver reports after a rollover (before
     * 2005-05-16: 1024 weeks before {@link #DEFAULT_ROLLOVER_PIVOT}, plus a margin of 52 weeks) moves
     * forward. A log recorded in 2007 stays in 2007. See docs/gps.md.
     */
    public static final LocalDate RECORDED_ROLLOVER_PIVOT =
            DEFAULT_ROLLOVER_PIVOT.minusWeeks(1024 - RECORDED_MARGIN_WEEKS);

    private final LineAssembler assembler;
    private final Fields fields = new Fields();
    private final SentenceParser parser = new SentenceParser();
    private final EpochMerger merger;

    // Written only by the reader thread; volatile so that another thread reading counters sees them.
    private volatile long sentences;
    private volatile long badChecksums;
    private volatile long dropped;
    private volatile long ignored;
    private volatile long fixCount;

    public NmeaDecoder(Consumer<Fix> fixes) {
        this(fixes, DEFAULT_ROLLOVER_PIVOT);
    }

    public NmeaDecoder(Consumer<Fix> fixes, LocalDate rolloverPivot) {
        Objects.requireNonNull(fixes, "fixes");
        this.merger = new EpochMerger(new WeekRollover(rolloverPivot), fix -> {
            fixCount++;
            fixes.accept(fix);
        });
        this.assembler = new LineAssembler(new LineAssembler.LineHandler() {
            @Override
            public void onLine(char[] line, int length) {
                decodeLine(line, length);
            }

            @Override
            public void onDroppedLine() {
                dropped++;
            }
        });
    }

    /** Feeds bytes as they come from the receiver; lines may be split anywhere. */
    public void accept(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        assembler.accept(bytes, offset, length);
    }

    /** Feeds one line of text, such as a line of a log file (a line end is added). */
    public void acceptLine(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.ISO_8859_1);
        assembler.accept(bytes, 0, bytes.length);
        assembler.accept((byte) '\n');
    }

    /** The input ended (end of a log, port closed): emits the epoch in progress and forgets partial lines. */
    public void endOfInput() {
        assembler.reset();
        merger.flush();
    }

    public NmeaCounters counters() {
        return new NmeaCounters(sentences, badChecksums, dropped, ignored, fixCount);
    }

    private void decodeLine(char[] line, int length) {
        sentences++;
        int payloadEnd = Checksum.payloadEnd(line, length);
        if (payloadEnd < 0) {
            badChecksums++;
            return;
        }
        fields.reset(line, payloadEnd);
        if (!parser.parse(fields, merger)) {
            ignored++;
        }
    }
}
