package com.bikefleet.agent.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Puts config problems in the order a technician reads the file: problems are found key by key, not line
 * by line, so they come out mixed. {@code FILE:LINE:} problems first, by line; then those about the whole
 * file ({@code FILE: missing required key ...}); then the command line's ({@code --set:N:}) by N. The sort
 * is stable, so problems of one line, and problems without a line, keep the order they were found in.
 */
final class ProblemOrder {

    private ProblemOrder() {
    }

    static List<String> byLine(String source, List<String> problems) {
        List<String> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt((String p) -> group(source, p)).thenComparingLong(p -> line(source, p)));
        return sorted;
    }

    private static int group(String source, String problem) {
        if (problem.startsWith(source + ":")) {
            return line(source, problem) >= 0 ? 0 : 1;
        }
        return problem.startsWith("--set:") ? 2 : 3;
    }

    /** The number after {@code SOURCE:} or {@code --set:} and before the next colon, or -1. */
    private static long line(String source, String problem) {
        String prefix = problem.startsWith(source + ":") ? source + ":" : problem.startsWith("--set:") ? "--set:" : null;
        if (prefix == null) {
            return -1;
        }
        int end = problem.indexOf(':', prefix.length());
        if (end <= prefix.length() || end - prefix.length() > 9) {
            return -1;
        }
        for (int i = prefix.length(); i < end; i++) {
            char c = problem.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        return Long.parseLong(problem.substring(prefix.length(), end));
    }
}
