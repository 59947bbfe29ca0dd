package org.namelog.bench;

/** The one unchecked failure of the benchmarks: its message says what went wrong and what to do. */
public class BenchmarkException extends RuntimeException {

    public BenchmarkException(String message) {
        super(message);
    }

    public BenchmarkException(String message, Throwable cause) {
        super(message, cause);
    }
}
