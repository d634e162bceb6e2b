package com.bikefleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and resident memory of a process, read from /proc as bench/server-ingest.sh does. */
final class ProcStats {

    /** Linux' USER_HZ, the unit of /proc/PID/stat's times; 100 on every Linux this runs on. */
    static final int CLOCK_TICKS_PER_SECOND = 100;

    private final String pid;

    ProcStats(String pid) {
        this.pid = pid;
    }

    static ProcStats self() {
        return new ProcStats(Long.toString(ProcessHandle.current().pid()));
    }

    /** Whether the process runs: it has a /proc entry, and is not a zombie waiting for its parent. */
    boolean alive() {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** User plus system CPU time in clock ticks, or -1 when the process is gone. */
    long cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            // Fields after the command name (in parentheses, may hold spaces); utime and stime are 14 and 15.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** VmRSS in kB, or -1 when the process is gone. */
    long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    /** Open descriptors, or -1 when they cannot be listed. */
    long openFiles() {
        try (var files = Files.list(Path.of("/proc", pid, "fd"))) {
            return files.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
