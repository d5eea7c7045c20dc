package io.dubleads.config;

import java.util.function.Function;

/**
 * Resolves {@code ${env:NAME}}, {@code ${sys:name}} and {@code ${jndi:name}} in an init-param value,
 * each with an optional default ({@code ${env:NAME:-fallback}}); {@code $${} is a literal {@code ${}.
 */
public final class Placeholders {
    /** Thrown for a placeholder that does not resolve and has no default. */
    public static final class UnresolvedException extends Exception {
        public final String placeholder;
        UnresolvedException(String placeholder) {
            super(placeholder);
            this.placeholder = placeholder;
        }
    }

    private final Function<String, String> env;
    private final Function<String, String> sys;
    private final Function<String, Object> jndi;

    /**
     * @param env  environment lookup (System::getenv)
     * @param sys  system property lookup (System::getProperty)
     * @param jndi lookup of a name under {@code java:comp/env/}; returns null when not bound
     */
    public Placeholders(Function<String, String> env, Function<String, String> sys, Function<String, Object> jndi) {
        this.env = env;
        this.sys = sys;
        this.jndi = jndi;
    }

    /** @return {@code raw} with every placeholder replaced */
    public String resolve(String raw) throws UnresolvedException, ConfigException {
        if (raw.indexOf('$') < 0) return raw;
        StringBuilder out = new StringBuilder(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '$' && raw.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (c == '$' && raw.startsWith("${", i)) {
                int end = raw.indexOf('}', i + 2);
                if (end < 0) throw new ConfigException("an unclosed placeholder '" + raw.substring(i) + "'");
                out.append(lookup(raw.substring(i, end + 1), raw.substring(i + 2, end)));
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String lookup(String placeholder, String body) throws UnresolvedException, ConfigException {
        int colon = body.indexOf(':');
        if (colon < 0) {
            throw new ConfigException("an unknown placeholder '" + placeholder + "' (use ${env:NAME}, ${sys:name} or ${jndi:name})");
        }
        String source = body.substring(0, colon);
        String rest = body.substring(colon + 1);
        String fallback = null;
        int dflt = rest.indexOf(":-");
        if (dflt >= 0) {
            fallback = rest.substring(dflt + 2);
            rest = rest.substring(0, dflt);
        }
        if (rest.isEmpty()) throw new ConfigException("a placeholder without a name '" + placeholder + "'");
        String value;
        switch (source) {
            case "env": value = env.apply(rest); break;
            case "sys": value = sys.apply(rest); break;
            case "jndi": {
                Object o = jndi.apply(rest);
                value = o == null ? null : o.toString();
                break;
            }
            default:
                throw new ConfigException("an unknown placeholder source '" + source + "' in '" + placeholder
                        + "' (use env, sys or jndi)");
        }
        if (value != null) return value;
        if (fallback != null) return fallback;
        throw new UnresolvedException(placeholder);
    }
}
