package com.bikefleet.server.cli;

import org.tinylog.jul.JulTinylogBridge;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar bike-server.jar <command>}. */
@Command(name = "bike-server", mixinStandardHelpOptions = true, versionProvider = ServerVersion.class,
        description = "Bike fleet telemetry server.",
        subcommands = {ServeCommand.class, CheckConfigCommand.class, ProvisionCommand.class, ProvisionBatchCommand.class, RotateCommand.class, RevokeCommand.class,
                BikesCommand.class, ApiTokenCommand.class})
public final class ServerMain implements Runnable {

    public static void main(String[] args) {
        // Tyrus and Grizzly log through java.util.logging; send it to tinylog with everything else.
        JulTinylogBridge.activate();
        System.exit(new CommandLine(new ServerMain()).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
