package com.bikefleet.model.config;

import java.util.List;

/** A config that cannot be used; lists every problem, each as {@code FILE:LINE: message}. */
public final class ConfigException extends Exception {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
