package io.veriflow.app.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this JVM (service and load generator together) and of the PostgreSQL processes (every process whose
 * command is {@code postgres}: the embedded server and its backends), read from {@code /proc}; Linux only.
 */
record CpuSplit(long jvmTicks, long pgTicks, long nanos) {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    static CpuSplit now() {
        long jvm = ticks(ProcessHandle.current().pid());
        long pg = ProcessHandle.allProcesses()
                .filter(process -> process.info().command().map(command -> command.endsWith("/postgres"))
                        .orElse(false))
                .mapToLong(process -> ticks(process.pid()))
                .sum();
        return new CpuSplit(jvm, pg, System.nanoTime());
    }

    /** "JVM x.xx cores, PostgreSQL y.yy cores" used on average since {@code before}. */
    String since(CpuSplit before) {
        double seconds = (nanos - before.nanos) / 1e9;
        return String.format("JVM (service + generator) %.2f cores, PostgreSQL %.2f cores of %d",
                (jvmTicks - before.jvmTicks) / TICKS_PER_SECOND / seconds,
                Math.max(0, pgTicks - before.pgTicks) / TICKS_PER_SECOND / seconds,
                Runtime.getRuntime().availableProcessors());
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        } catch (Exception e) {
            return 0;
        }
    }
}
