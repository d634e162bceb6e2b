package com.bikefleet.hardware.nmea;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.bikefleet.model.Fix;
import com.bikefleet.model.FixRules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Seeded random input: nothing escapes, and a line with a bad checksum never yields a fix. */
class NmeaDecoderFuzzTest {

    private static final byte[] ALPHABET = "$$,,,**\r\n0123456789.ABCDEFGNPRSVWT-".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2026})
    void randomBytesNeverThrowAndOnlyPlausibleFixesComeOut(long seed) {
        Random random = new Random(seed);
        List<Fix> fixes = new ArrayList<>();
        NmeaDecoder decoder = new NmeaDecoder(fixes::add);
        byte[] chunk = new byte[512];
        for (int i = 0; i < 400; i++) {
            int length = random.nextInt(chunk.length + 1);
            for (int j = 0; j < length; j++) {
                // Half NMEA-like characters, so that the parser stages are reached, half anything.
                chunk[j] = random.nextBoolean() ? ALPHABET[random.nextInt(ALPHABET.length)] : (byte) random.nextInt();
            }
            decoder.accept(chunk, 0, length);
        }
        decoder.endOfInput();

        fixes.forEach(fix -> assertNull(FixRules.problems(fix), fix::toString));
        assertStillDecodes(decoder, fixes);
    }

    @ParameterizedTest
    @ValueSource(longs = {7, 8, 9})
    void mutatedSentencesWithBadChecksumsNeverYieldAFix(long seed) {
        Random random = new Random(seed);
        List<String> real = realSentences();
        List<Fix> fixes = new ArrayList<>();
        NmeaDecoder decoder = new NmeaDecoder(fixes::add);
        int fed = 0;
        for (int i = 0; i < 5_000; i++) {
            char[] line = real.get(random.nextInt(real.size())).toCharArray();
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                char c = (char) (0x20 + random.nextInt(0x5f));
                // A '$' would start a second line; random bytes cover that, here one line stays one line.
                line[1 + random.nextInt(line.length - 1)] = c == '$' ? '#' : c;
            }
            if (line[0] == '$' && line.length > 3 && Checksum.payloadEnd(line, line.length) >= 0) {
                continue; // the mutation kept a valid checksum (or restored one): not what this test is about
            }
            decoder.acceptLine(new String(line));
            fed++;
        }
        decoder.endOfInput();

        assertEquals(List.of(), fixes);
        NmeaCounters counters = decoder.counters();
        // Every line was either too long to be a sentence (MediaTek's $PMTKCHN) or failed its checksum.
        assertEquals(fed, counters.sentences() + counters.dropped(), counters.toString());
        assertEquals(counters.sentences(), counters.badChecksums(), counters.toString());
        assertStillDecodes(decoder, fixes);
    }

    /** After any garbage, a clean epoch still decodes to exactly its fix. */
    private static void assertStillDecodes(NmeaDecoder decoder, List<Fix> fixes) {
        int before = fixes.size();
        decoder.acceptLine("\r\n" + Sentences.of("GPRMC,101112.00,A,5000.000,N,00800.000,E,1.0,90.0,010126,,,A"));
        decoder.endOfInput();
        assertEquals(before + 1, fixes.size());
        assertEquals(50.0, fixes.get(before).latitude(), 1e-9);
    }

    private static List<String> realSentences() {
        List<String> lines = new ArrayList<>();
        for (String log : GpsdFixtureTest.LOGS) {
            String text = new String(GpsdFixtureTest.resource(log + ".log"), StandardCharsets.ISO_8859_1);
            Arrays.stream(text.split("\r?\n")).filter(l -> l.startsWith("$") && l.length() > 8).forEach(lines::add);
        }
        assertTrue(lines.size() > 1000);
        return lines;
    }
}
