package com.bikefleet.server.cli;

import com.bikefleet.server.registry.ApiTokens;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Makes, lists and revokes API tokens for apps, dashboards and scripts. */
@Command(name = "api-token", mixinStandardHelpOptions = true,
        description = {"Manage API tokens for the HTTP API and /ws/live (apps, dashboards, scripts).",
                "  create NAME   print a new token (shown once)", "  list", "  revoke NAME"})
final class ApiTokenCommand implements Callable<Integer> {

    @Mixin
    RegistryOptions store;

    @Parameters(index = "0", paramLabel = "ACTION", description = "create, list or revoke")
    String action;

    @Parameters(index = "1", paramLabel = "NAME", arity = "0..1", description = "The token's name.")
    String name;

    @Override
    public Integer call() throws Exception {
        try (ApiTokens tokens = store.openApiTokens()) {
            switch (action) {
                case "create" -> System.out.println(tokens.create(required()));
                case "revoke" -> {
                    tokens.revoke(required());
                    System.out.println("Revoked API token " + name);
                }
                case "list" -> tokens.list().forEach(t -> System.out.printf("%-24s %-30s %s%n", t.name(), t.createdAt(),
                        t.revokedAt() == null ? "active" : "revoked " + t.revokedAt()));
                default -> {
                    System.err.println("unknown action '" + action + "': use create, list or revoke");
                    return 2;
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        return 0;
    }

    private String required() {
        if (name == null) {
            throw new IllegalArgumentException(action + " needs a token NAME");
        }
        return name;
    }
}
