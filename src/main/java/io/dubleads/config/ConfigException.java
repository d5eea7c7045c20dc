package io.dubleads.config;

/** An init-param is unknown or has a value the filter cannot use; the message says what to fix. */
public final class ConfigException extends Exception {
    public ConfigException(String message) { super(message); }
}
