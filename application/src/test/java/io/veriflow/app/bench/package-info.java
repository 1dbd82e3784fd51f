/** The benchmark of issue 6: a command ({@link io.veriflow.app.bench.Benchmark}), not a test. */
package io.veriflow.app.bench;
