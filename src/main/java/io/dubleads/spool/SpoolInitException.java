package io.dubleads.spool;

/** An explicit spool directory cannot be used, or another filter instance holds its lock: init fails. */
public final class SpoolInitException extends Exception {
    public SpoolInitException(String message, Throwable cause) { super(message, cause); }
}
