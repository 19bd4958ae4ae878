/**
 * JMH benchmarks. Run {@code java -jar bench/target/benchmarks.jar -prof gc}; every target is a ratio against a
 * baseline measured in the same run (see docs/benchmarks.md).
 */
package org.wasmcloud4j.bench;
