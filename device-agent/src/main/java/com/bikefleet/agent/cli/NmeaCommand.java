package com.bikefleet.agent.cli;

import com.bikefleet.hardware.nmea.NmeaLogTool;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Decodes a recorded NMEA log with its true dates: one JSON object per fix on stdout, a summary on stderr. */
@Command(name = "nmea", mixinStandardHelpOptions = true,
        description = {"Decode a recorded NMEA 0183 log and print one JSON object per fix, with the log's true",
                "dates (only a week-rollover date before 2005-05-16 moves forward 1024 weeks).",
                "Exits 0 on any input, however broken; 2 when the file cannot be read."})
final class NmeaCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The NMEA log, as captured from the receiver.")
    Path file;

    @Override
    public Integer call() {
        return new NmeaLogTool().run(file, System.out, System.err);
    }
}
