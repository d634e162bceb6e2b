package com.bikefleet.agent.cli;

import com.bikefleet.agent.sdk.AgentVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar bike-agent.jar <command>}. */
@Command(name = "bike-agent", mixinStandardHelpOptions = true, versionProvider = AgentMain.Version.class,
        description = "Bike fleet telemetry agent.",
        subcommands = {RunCommand.class, ValidateCommand.class, StatusCommand.class, NmeaCommand.class})
public final class AgentMain implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new AgentMain()).execute(args));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** Reads the version from the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"bike-agent " + AgentVersion.get()};
        }
    }
}
