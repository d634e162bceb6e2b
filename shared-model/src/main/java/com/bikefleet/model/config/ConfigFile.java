package com.bikefleet.model.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a {@code key = value} file as a technician may have saved it: UTF-8 with or without a
 * byte-order mark, Unix or Windows line endings, {@code #} comment lines, whitespace around keys and
 * values. A line that is not valid UTF-8 or has no {@code =} is reported with its number, not guessed at.
 */
public final class ConfigFile {

    /** One {@code key = value} line. */
    public record Entry(String key, String value, int line) {
    }

    /** A config file holds a few dozen lines; anything near this size is not one, and is not read whole. */
    public static final long MAX_BYTES = 1024 * 1024;

    private ConfigFile() {
    }

    /**
     * The bytes of a config file, refusing one larger than {@link #MAX_BYTES} before reading it, so a wrong
     * path (a log, an image) is an error message and not a heap exhausted on a small device.
     */
    public static byte[] load(Path file) throws ConfigException {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new ConfigException(List.of(file + ": is " + size + " bytes; a config file is at most "
                        + MAX_BYTES + " bytes"));
            }
            try (InputStream in = Files.newInputStream(file)) {
                byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new ConfigException(List.of(file + ": grew past " + MAX_BYTES + " bytes while being read"));
                }
                return bytes;
            }
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
        }
    }

    /**
     * Splits the file into entries; problems go to {@code errors} as {@code SOURCE:LINE: message}.
     */
    public static List<Entry> read(String source, byte[] bytes, List<String> errors) {
        int start = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            start = 3;
        }
        List<Entry> entries = new ArrayList<>();
        int line = 1;
        int lineStart = start;
        for (int i = start; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                int end = i;
                if (end > lineStart && bytes[end - 1] == '\r') {
                    end--;
                }
                parseLine(source, bytes, lineStart, end, line, entries, errors);
                line++;
                lineStart = i + 1;
            }
        }
        return entries;
    }

    private static void parseLine(String source, byte[] bytes, int from, int to, int line, List<Entry> entries,
                                  List<String> errors) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            errors.add(source + ":" + line + ": not valid UTF-8 (save the file as UTF-8)");
            return;
        }
        String row = text.strip();
        if (row.isEmpty() || row.startsWith("#")) {
            return;
        }
        int control = firstControlCharacter(row);
        if (control >= 0) {
            // A NUL or other control byte is a damaged file, and no path or value may hold one.
            errors.add(source + ":" + line + ": " + String.format("control character U+%04X", control)
                    + " in the line; a config file is plain text");
            return;
        }
        int eq = row.indexOf('=');
        if (eq < 0) {
            errors.add(source + ":" + line + ": expected 'key = value', found '" + shortened(row) + "'");
            return;
        }
        String key = row.substring(0, eq).strip();
        if (key.isEmpty()) {
            errors.add(source + ":" + line + ": a line starts with '=' but has no key");
            return;
        }
        entries.add(new Entry(key, row.substring(eq + 1).strip(), line));
    }

    private static int firstControlCharacter(String row) {
        for (int i = 0; i < row.length(); i++) {
            char c = row.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return c;
            }
        }
        return -1;
    }

    /** A line quoted in a message: long ones cut, so one bad line cannot make the message huge. */
    private static String shortened(String row) {
        return row.length() <= 80 ? row : row.substring(0, 77) + "...";
    }
}
