package io.veriflow.app.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * CPU time of the three parties of a benchmark step, read from {@code /proc} (Linux only): the service process, the
 * PostgreSQL server (its postmaster and every backend under it) and this JVM, the load generator with the fakes and
 * receivers.
 */
record CpuSplit(long serviceTicks, long pgTicks, long generatorTicks, long nanos) {

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    static CpuSplit now(long servicePid, long postmasterPid) {
        long pg = ProcessHandle.of(postmasterPid)
                .map(postmaster -> Stream.concat(Stream.of(postmaster), postmaster.descendants())
                        .mapToLong(process -> ticks(process.pid())).sum())
                .orElse(0L);
        return new CpuSplit(ticks(servicePid), pg, ticks(ProcessHandle.current().pid()), System.nanoTime());
    }

    /** Cores used on average since {@code before}: {service, PostgreSQL, generator}. */
    double[] coresSince(CpuSplit before) {
        double seconds = (nanos - before.nanos) / 1e9;
        return LongStream.of(serviceTicks - before.serviceTicks, Math.max(0, pgTicks - before.pgTicks),
                        generatorTicks - before.generatorTicks)
                .mapToDouble(ticks -> ticks / TICKS_PER_SECOND / seconds).toArray();
    }

    /** "service x.xx, PostgreSQL y.yy, generator z.zz cores of N" since {@code before}. */
    String since(CpuSplit before) {
        double[] cores = coresSince(before);
        return String.format("service %.2f, PostgreSQL %.2f, generator %.2f cores of %d", cores[0], cores[1], cores[2],
                Runtime.getRuntime().availableProcessors());
    }

    static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        } catch (Exception e) {
            return 0;
        }
    }
}
