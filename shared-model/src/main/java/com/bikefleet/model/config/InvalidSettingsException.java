package com.bikefleet.model.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Settings that cannot be used, with every problem as a {@link KeyProblem}, so a config reader in another
 * module can file each under its key's line without parsing the message.
 */
public final class InvalidSettingsException extends IllegalArgumentException {

    private final transient List<KeyProblem> problems;

    public InvalidSettingsException(List<KeyProblem> problems) {
        super(problems.stream().map(KeyProblem::text).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    /** Throws when {@code problems} holds any. */
    public static void throwIfAny(List<KeyProblem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
    }

    public List<KeyProblem> problems() {
        return problems;
    }
}
