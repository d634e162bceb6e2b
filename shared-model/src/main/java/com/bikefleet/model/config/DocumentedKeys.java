package com.bikefleet.model.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Compares declared keys with an operator's table in Markdown ({@code | `key` | type | default | allowed |
 * what |}): each key has a row, its default column starts with the key's default and its allowed column
 * holds the key's range or choices. Each side's docs test runs it, so the docs cannot drift from the code.
 */
public final class DocumentedKeys {

    private DocumentedKeys() {
    }

    /** What the table says differently from the keys; empty when it agrees. */
    public static List<String> mismatches(String markdown, Collection<? extends Key<?>> keys) {
        List<String> mismatches = new ArrayList<>();
        for (Key<?> key : keys) {
            String[] row = row(markdown, key.name());
            if (row == null) {
                mismatches.add(key.name() + ": no row '| `" + key.name() + "` | type | default | allowed | what |'");
                continue;
            }
            String documentedDefault = plain(row[3]);
            if ((key.defaultValue() != null || key.isRequired()) && !documentedDefault.startsWith(key.defaultText())) {
                mismatches.add(key.name() + ": default documented as '" + documentedDefault + "', declared "
                        + key.defaultText());
            }
            // A range may come with words ("100ms..1h, at least reconnect.base"); a list of choices is exact.
            String documentedAllowed = plain(row[4]);
            boolean choices = key.type().equals("enum");
            if (choices && !documentedAllowed.equals(key.allowed())
                    || key.rangeText() != null && !documentedAllowed.contains(key.rangeText())) {
                mismatches.add(key.name() + ": allowed documented as '" + documentedAllowed + "', declared "
                        + (choices ? key.allowed() : key.rangeText()));
            }
        }
        return mismatches;
    }

    /** The cells of the key's row (index 1 is the key), or null when it has none with five columns. */
    private static String[] row(String markdown, String name) {
        for (String line : markdown.split("\n")) {
            if (line.startsWith("| `" + name + "` |")) {
                String[] cells = line.split("(?<!\\\\)\\|");
                return cells.length >= 6 ? cells : null;
            }
        }
        return null;
    }

    /** A cell as read: without code marks, escapes and surrounding spaces. */
    private static String plain(String cell) {
        return cell.replace("`", "").replace("\\|", "|").strip();
    }
}
