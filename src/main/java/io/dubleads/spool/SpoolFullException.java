package io.dubleads.spool;

import java.io.IOException;

/** The spool holds {@code maxPending} records or {@code maxPendingBytes} bytes already. */
public final class SpoolFullException extends IOException {
    public SpoolFullException(String message) { super(message); }
}
