package com.bikefleet.model.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One setting, declared once: its name in the config file, what it takes, its default, what values are
 * allowed and a line for operators. The file readers parse and check with it ({@link ConfigReader#get}),
 * the settings records and builders check with it ({@link #check}), and each side's docs test compares it
 * with the documented table, so a default or a range is written in one place.
 *
 * @param <T> the value's type once parsed
 */
public final class Key<T> {

    /** Text to value; throws {@link IllegalArgumentException} with a message saying what was expected. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String text);
    }

    /** A rule beyond the range: the problem with a value, or null when there is none. */
    @FunctionalInterface
    public interface Rule<T> {
        String problem(T value);
    }

    private final Spec<T> spec;

    private Key(Spec<T> spec) {
        this.spec = spec;
    }

    /** A key of any type; the factories below cover the common ones. */
    public static <T> Key<T> of(String name, String type, Parser<T> parser, Function<T, String> format, T defaultValue,
                                String doc) {
        Spec<T> s = new Spec<>();
        s.name = Objects.requireNonNull(name);
        s.type = type;
        s.parser = parser;
        s.format = format;
        s.defaultValue = defaultValue;
        s.doc = doc;
        return new Key<>(s);
    }

    /** A duration such as {@code 10s}, in {@code min..max}. */
    public static Key<Duration> duration(String name, Duration defaultValue, Duration min, Duration max, String doc) {
        return of(name, "duration", Units::parseDuration, Units::formatDuration, defaultValue, doc)
                .range(min, max, Comparator.naturalOrder());
    }

    /** A size in bytes written such as {@code 64MB}, in {@code min..max}. */
    public static Key<Long> size(String name, long defaultValue, long min, long max, String doc) {
        return of(name, "size", Units::parseSize, Units::formatSize, defaultValue, doc)
                .range(min, max, Comparator.naturalOrder());
    }

    /** A whole number that fits an int, in {@code min..max}. */
    public static Key<Integer> integer(String name, int defaultValue, int min, int max, String doc) {
        return of(name, "integer", Key::parseInt, String::valueOf, defaultValue, doc)
                .range(min, max, Comparator.naturalOrder());
    }

    /** A whole number, in {@code min..max}. */
    public static Key<Long> longInteger(String name, long defaultValue, long min, long max, String doc) {
        return of(name, "integer", Key::parseLong, String::valueOf, defaultValue, doc)
                .range(min, max, Comparator.naturalOrder());
    }

    /** A number such as {@code 22.5}, in {@code min..max}. */
    public static Key<Double> number(String name, double defaultValue, double min, double max, String doc) {
        return of(name, "number", Key::parseDouble, Units::formatNumber, defaultValue, doc)
                .range(min, max, Comparator.naturalOrder());
    }

    /** One of {@code values}, each written as {@code word} gives it (case-sensitive). */
    public static <T> Key<T> choice(String name, List<T> values, Function<T, String> word, T defaultValue, String doc) {
        List<T> all = List.copyOf(values);
        String list = all.stream().map(word).collect(Collectors.joining(", "));
        Parser<T> parser = text -> {
            for (T value : all) {
                if (word.apply(value).equals(text)) {
                    return value;
                }
            }
            throw new IllegalArgumentException("'" + text + "' is not one of " + list);
        };
        return of(name, "enum", parser, word, defaultValue, doc).allowing(list).blankIsDefault();
    }

    /** One of the words in {@code values}. */
    public static Key<String> oneOf(String name, List<String> values, String defaultValue, String doc) {
        return choice(name, values, Function.identity(), defaultValue, doc);
    }

    /** Free text; an empty value means the default. */
    public static Key<String> text(String name, String defaultValue, String doc) {
        return of(name, "text", text -> text, text -> text, defaultValue, doc).blankIsDefault();
    }

    /** A secret: read as written (an empty password is a password), never shown. */
    public static Key<String> secret(String name, String doc) {
        return of(name, "secret", text -> text, text -> "****", null, doc);
    }

    /** A file or folder; an empty value means the default. */
    public static Key<Path> path(String name, Path defaultValue, String doc) {
        return of(name, "path", Path::of, Path::toString, defaultValue, doc).blankIsDefault();
    }

    /** The names of {@code keys}, for checking which keys a file may hold. */
    public static Set<String> names(Collection<? extends Key<?>> keys) {
        return keys.stream().map(Key::name).collect(Collectors.toUnmodifiableSet());
    }

    /** The same key, without a default: a file must set it. */
    public Key<T> required() {
        return with(s -> {
            s.required = true;
            s.defaultValue = null;
        });
    }

    /** The same key, with values outside {@code min..max} refused; a null bound is open. */
    public Key<T> range(T min, T max, Comparator<? super T> order) {
        return with(s -> {
            s.min = min;
            s.max = max;
            s.order = order;
        });
    }

    /** The same key, with a rule checked after the range. */
    public Key<T> rule(Rule<T> rule) {
        return with(s -> s.rule = rule);
    }

    /** The same key, read with another parser (the range and default stay). */
    public Key<T> parsedBy(Parser<T> parser, String type) {
        return with(s -> {
            s.parser = parser;
            s.type = type;
        });
    }

    /** The same key, with the allowed values described in words (for the docs and the key table). */
    public Key<T> allowing(String allowed) {
        return with(s -> s.allowed = allowed);
    }

    /** The same key, with its default described in words (for a default that is no value, or a computed one). */
    public Key<T> defaultShownAs(String text) {
        return with(s -> s.defaultText = text);
    }

    /** The same key, where an empty value means the default (text-like keys). */
    public Key<T> blankIsDefault() {
        return with(s -> s.blankIsDefault = true);
    }

    public String name() {
        return spec.name;
    }

    /** What kind of value it takes, in a word: duration, size, integer, enum, text, path ... */
    public String type() {
        return spec.type;
    }

    /** One line for operators. */
    public String doc() {
        return spec.doc;
    }

    /** The value when the key is absent; null for a required key or one that is off by default. */
    public T defaultValue() {
        return spec.defaultValue;
    }

    public boolean isRequired() {
        return spec.required;
    }

    /** The default as the docs show it: the value in the file's own spelling, or words. */
    public String defaultText() {
        if (spec.defaultText != null) {
            return spec.defaultText;
        }
        if (spec.defaultValue != null) {
            return format(spec.defaultValue);
        }
        return spec.required ? "required" : "none";
    }

    /** The allowed values as the docs show them, e.g. {@code 100ms..1h}; null when anything parsable goes. */
    public String allowed() {
        return spec.allowed != null ? spec.allowed : rangeText();
    }

    /** The range in the file's own spelling, e.g. {@code 100ms..1h}; null for a key without one. */
    public String rangeText() {
        if (spec.min == null && spec.max == null) {
            return null;
        }
        if (spec.max == null) {
            return "at least " + format(spec.min);
        }
        return (spec.min == null ? "" : format(spec.min)) + ".." + format(spec.max);
    }

    /** A value in the file's own spelling. */
    public String format(T value) {
        return spec.format.apply(value);
    }

    /** Parses a value as written; throws {@link IllegalArgumentException} saying what was expected. */
    public T parse(String text) {
        return spec.parser.parse(text);
    }

    /**
     * What is wrong with a value (outside the range, or against the rule), or null when nothing is.
     *
     * @param shown how the value is named in the message: as the operator wrote it, when it was written
     */
    public String problem(T value, String shown) {
        if (spec.order != null && (spec.min != null && spec.order.compare(value, spec.min) < 0
                || spec.max != null && spec.order.compare(value, spec.max) > 0)) {
            return shown + " is outside the allowed range " + rangeText();
        }
        return spec.rule == null ? null : spec.rule.problem(value);
    }

    /**
     * Reads a value as written in a file: parsed, then checked against the range and rule. Empty means
     * "leave the default": a blank text-like value, or a problem, which goes to {@code problems}.
     */
    public Optional<T> read(String text, List<KeyProblem> problems) {
        if (text.isEmpty() && spec.blankIsDefault) {
            return Optional.empty();
        }
        T parsed;
        try {
            parsed = parse(text);
        } catch (IllegalArgumentException e) {
            problems.add(new KeyProblem(spec.name, e.getMessage()));
            return Optional.empty();
        }
        String problem = problem(parsed, text);
        if (problem != null) {
            problems.add(new KeyProblem(spec.name, problem));
            return Optional.empty();
        }
        return Optional.of(parsed);
    }

    /**
     * Checks a value given in code (a builder's, a record's) and adds what is wrong to {@code problems}: a
     * missing value where one is needed, a value out of range, a broken rule.
     */
    public void check(T value, List<KeyProblem> problems) {
        if (value == null) {
            if (spec.required || spec.defaultValue != null) {
                problems.add(new KeyProblem(spec.name, "must be set"));
            }
            return;
        }
        String problem = problem(value, format(value));
        if (problem != null) {
            problems.add(new KeyProblem(spec.name, problem));
        }
    }

    /** Checks one value given in code; throws {@link InvalidSettingsException} naming the key when it is wrong. */
    public T require(T value) {
        List<KeyProblem> problems = new ArrayList<>(1);
        check(value, problems);
        InvalidSettingsException.throwIfAny(problems);
        return value;
    }

    @Override
    public String toString() {
        return spec.name;
    }

    private Key<T> with(Consumer<Spec<T>> change) {
        Spec<T> copy = spec.copy();
        change.accept(copy);
        return new Key<>(copy);
    }

    private static int parseInt(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
    }

    private static double parseDouble(String text) {
        try {
            double d = Double.parseDouble(text);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number");
        }
    }

    /** A key's facts while it is declared; each Key holds its own copy, never changed after. */
    private static final class Spec<T> {
        String name;
        String type;
        String doc;
        Parser<T> parser;
        Function<T, String> format;
        T defaultValue;
        String defaultText;
        boolean required;
        boolean blankIsDefault;
        T min;
        T max;
        Comparator<? super T> order;
        Rule<T> rule;
        String allowed;

        Spec<T> copy() {
            Spec<T> c = new Spec<>();
            c.name = name;
            c.type = type;
            c.doc = doc;
            c.parser = parser;
            c.format = format;
            c.defaultValue = defaultValue;
            c.defaultText = defaultText;
            c.required = required;
            c.blankIsDefault = blankIsDefault;
            c.min = min;
            c.max = max;
            c.order = order;
            c.rule = rule;
            c.allowed = allowed;
            return c;
        }
    }
}
