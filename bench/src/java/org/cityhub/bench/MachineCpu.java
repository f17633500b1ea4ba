package org.cityhub.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the machine's CPU went during a measurement: the whole machine (busy and idle, from {@code /proc/stat}) and
 * the processes that share it, by command name ({@code postgres}, {@code mariadbd}) or by pid (a hub), from
 * {@code /proc/<pid>/stat}. An end-to-end figure on a machine whose cores were all busy is a CPU ceiling, and the
 * CPU each part spent per case says which part to make cheaper.
 */
final class MachineCpu {

    /** Clock ticks per second of {@code /proc} figures (USER_HZ, 100 on Linux). */
    private static final double HZ = 100.0;

    /**
     * CPU seconds so far: the machine's busy and idle time, the database servers', one process's (a hub) and the
     * load driver's (this JVM: the benchmark's clients and stubs).
     */
    record Snapshot(double busy, double idle, double postgres, double mariadb, double process, double driver) {

        /** What was used from {@code earlier} to this snapshot. */
        Snapshot since(Snapshot earlier) {
            return new Snapshot(busy - earlier.busy, idle - earlier.idle, postgres - earlier.postgres,
                    mariadb - earlier.mariadb, process - earlier.process, driver - earlier.driver);
        }


        /** The busy share of all cores, 0–1. */
        double busyShare() {
            return busy / (busy + idle);
        }
    }

    private MachineCpu() {
    }

    /** A snapshot now, with {@code pid}'s own CPU (e.g. a hub's) as {@link Snapshot#process}. */
    static Snapshot now(long pid) {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal: busy is all but idle and iowait
            long user = Long.parseLong(cpu[1]), nice = Long.parseLong(cpu[2]), system = Long.parseLong(cpu[3]);
            long idle = Long.parseLong(cpu[4]), iowait = Long.parseLong(cpu[5]);
            long irq = Long.parseLong(cpu[6]), softirq = Long.parseLong(cpu[7]), steal = Long.parseLong(cpu[8]);
            double postgres = 0;
            double mariadb = 0;
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
                for (Path p : procs) {
                    String[] stat = stat(p);
                    if (stat == null) {
                        continue;
                    }
                    if (stat[0].equals("postgres")) {
                        postgres += seconds(stat);
                    } else if (stat[0].equals("mariadbd") || stat[0].equals("mysqld")) {
                        mariadb += seconds(stat);
                    }
                }
            }
            String[] hub = stat(Path.of("/proc", String.valueOf(pid)));
            String[] driver = stat(Path.of("/proc/self"));
            return new Snapshot((user + nice + system + irq + softirq + steal) / HZ, (idle + iowait) / HZ, postgres, mariadb,
                    hub == null ? Double.NaN : seconds(hub), driver == null ? Double.NaN : seconds(driver));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc: " + e.getMessage(), e);
        }
    }

    /**
     * The command name and the fields after it of {@code /proc/<pid>/stat}, or null for a process gone meanwhile. The
     * CPU of a process's children that ended is counted too (cutime, cstime): PostgreSQL's backends come and go.
     */
    private static String[] stat(Path proc) {
        try {
            String s = Files.readString(proc.resolve("stat"));
            String comm = s.substring(s.indexOf('(') + 1, s.lastIndexOf(')'));
            String[] rest = s.substring(s.lastIndexOf(')') + 2).split(" ");
            String[] out = new String[rest.length + 1];
            out[0] = comm;
            System.arraycopy(rest, 0, out, 1, rest.length);
            return out;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** utime + stime + cutime + cstime (fields 14–17 of stat, index 12–15 here, after the name). */
    private static double seconds(String[] stat) {
        return (Long.parseLong(stat[12]) + Long.parseLong(stat[13]) + Long.parseLong(stat[14]) + Long.parseLong(stat[15])) / HZ;
    }
}
