package com.bikefleet.model.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The raw values of one config: a file's entries, then command-line overrides on top. Unknown keys
 * (with a did-you-mean) and keys set twice in the file are reported, not dropped silently; an override
 * may replace a file's value, that is what it is for.
 */
public final class KeyValues {

    /**
     * One command-line override.
     *
     * @param label names it in messages, e.g. {@code --set:2} or {@code --port}
     * @param text  {@code key=value}
     */
    public record Override(String label, String text) {
    }

    private final Map<String, String> values = new LinkedHashMap<>();
    // Where each value came from, as "FILE:LINE" or an override's label, for messages about its value.
    private final Map<String, String> where = new LinkedHashMap<>();

    private KeyValues() {
    }

    /**
     * Collects the values; every problem goes to {@code errors} as {@code SOURCE:LINE: message}.
     *
     * @param source    names the file in messages
     * @param entries   the file's lines, from {@link ConfigFile#read}
     * @param overrides applied in order after the file, so a later one wins
     * @param known     every key the reader accepts
     */
    public static KeyValues collect(String source, List<ConfigFile.Entry> entries, List<Override> overrides,
                                    Set<String> known, List<String> errors) {
        KeyValues result = new KeyValues();
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (ConfigFile.Entry entry : entries) {
            String here = source + ":" + entry.line();
            if (!known.contains(entry.key())) {
                errors.add(here + ": " + KeyNames.unknownKey(entry.key(), known));
            } else if (lines.containsKey(entry.key())) {
                errors.add(here + ": duplicate key '" + entry.key() + "' (first set on line "
                        + lines.get(entry.key()) + ")");
            } else {
                lines.put(entry.key(), entry.line());
                result.values.put(entry.key(), entry.value());
                result.where.put(entry.key(), here);
            }
        }
        for (Override override : overrides) {
            int eq = override.text().indexOf('=');
            if (eq <= 0) {
                errors.add(override.label() + ": expected key=value, found '" + override.text() + "'");
                continue;
            }
            String key = override.text().substring(0, eq).strip();
            if (!known.contains(key)) {
                errors.add(override.label() + ": " + KeyNames.unknownKey(key, known));
                continue;
            }
            result.values.put(key, override.text().substring(eq + 1).strip());
            result.where.put(key, override.label());
        }
        return result;
    }

    /** Labels {@code --set} overrides as {@code --set:1}, {@code --set:2}, ... in the order given. */
    public static List<Override> numbered(String option, List<String> texts) {
        Override[] labelled = new Override[texts.size()];
        for (int i = 0; i < labelled.length; i++) {
            labelled[i] = new Override(option + ":" + (i + 1), texts.get(i));
        }
        return List.of(labelled);
    }

    /** Key to value, in file order, overrides applied. */
    public Map<String, String> values() {
        return Collections.unmodifiableMap(values);
    }

    /** Key to where its value was set ({@code FILE:LINE} or an override's label). */
    public Map<String, String> where() {
        return Collections.unmodifiableMap(where);
    }
}
