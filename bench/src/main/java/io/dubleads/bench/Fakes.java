package io.dubleads.bench;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-written servlet objects for the JMH microbenchmark: just enough of a request, a response and
 * a filter config for {@code DubLeadFilter} to run without a container. Methods the filter's hot
 * path calls are plain fields; anything else falls through to a proxy that answers defaults
 * (null, 0, false). Not behaviour-accurate: the container tests cover behaviour.
 */
final class Fakes {
    private Fakes() {}

    /** A proxy for {@code type} whose every method returns the default value of its return type. */
    @SuppressWarnings("unchecked")
    static <T> T defaults(Class<T> type, Map<String, Object> answers) {
        return (T) Proxy.newProxyInstance(Fakes.class.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (answers.containsKey(method.getName())) return answers.get(method.getName());
            Class<?> r = method.getReturnType();
            if (r == boolean.class) return false;
            if (r == int.class) return 0;
            if (r == long.class) return 0L;
            if (r == Enumeration.class) return Collections.emptyEnumeration();
            return null;
        });
    }

    static FilterConfig filterConfig(Map<String, String> params) {
        ServletContext context = defaults(ServletContext.class, Map.of("getContextPath", "", "getVirtualServerName", "localhost"));
        return new FilterConfig() {
            @Override public String getFilterName() { return "dub-leads"; }
            @Override public ServletContext getServletContext() { return context; }
            @Override public String getInitParameter(String name) { return params.get(name); }
            @Override public Enumeration<String> getInitParameterNames() { return Collections.enumeration(params.keySet()); }
        };
    }

    /** A GET with one {@code Cookie} header (or none); reusable through {@link #reset()}. */
    static final class Request extends HttpServletRequestWrapper {
        private final Map<String, Object> attributes = new HashMap<>();
        private final String cookie;

        Request(String cookie) {
            super(defaults(HttpServletRequest.class, Map.of()));
            this.cookie = cookie;
        }

        void reset() { attributes.clear(); }

        @Override public String getHeader(String name) { return "Cookie".equalsIgnoreCase(name) ? cookie : null; }

        @Override public Enumeration<String> getHeaders(String name) {
            return cookie != null && "Cookie".equalsIgnoreCase(name) ? Collections.enumeration(List.of(cookie)) : Collections.emptyEnumeration();
        }

        @Override public Object getAttribute(String name) { return attributes.get(name); }
        @Override public void setAttribute(String name, Object o) { if (o == null) attributes.remove(name); else attributes.put(name, o); }
        @Override public void removeAttribute(String name) { attributes.remove(name); }
        @Override public Enumeration<String> getAttributeNames() { return Collections.enumeration(attributes.keySet()); }
        @Override public DispatcherType getDispatcherType() { return DispatcherType.REQUEST; }
        @Override public boolean isAsyncStarted() { return false; }
        @Override public boolean isAsyncSupported() { return true; }
        @Override public String getServerName() { return "shop.example.com"; }
        @Override public int getServerPort() { return 443; }
        @Override public String getScheme() { return "https"; }
        @Override public boolean isSecure() { return true; }
        @Override public String getMethod() { return "GET"; }
        @Override public String getRequestURI() { return "/signup"; }
        @Override public String getContextPath() { return ""; }
    }

    /** A response that records headers and commits on redirect; reusable through {@link #reset()}. */
    static final class Response extends HttpServletResponseWrapper {
        private final List<String[]> headers = new ArrayList<>();
        private boolean committed;
        private int status = 200;

        Response() { super(defaults(HttpServletResponse.class, Map.of())); }

        @Override public void reset() {
            headers.clear();
            committed = false;
            status = 200;
        }

        int headerCount() { return headers.size(); }

        @Override public boolean isCommitted() { return committed; }
        @Override public void addHeader(String name, String value) { headers.add(new String[] {name, value}); }
        @Override public void setHeader(String name, String value) {
            headers.removeIf(h -> h[0].equalsIgnoreCase(name));
            headers.add(new String[] {name, value});
        }
        @Override public boolean containsHeader(String name) {
            for (String[] h : headers) if (h[0].equalsIgnoreCase(name)) return true;
            return false;
        }
        @Override public String getHeader(String name) {
            for (String[] h : headers) if (h[0].equalsIgnoreCase(name)) return h[1];
            return null;
        }
        @Override public Collection<String> getHeaderNames() {
            List<String> names = new ArrayList<>();
            for (String[] h : headers) names.add(h[0]);
            return names;
        }
        @Override public void sendRedirect(String location) {
            setHeader("Location", location);
            status = 302;
            committed = true;
        }
        @Override public void sendError(int sc) { status = sc; committed = true; }
        @Override public void sendError(int sc, String msg) { status = sc; committed = true; }
        @Override public void setStatus(int sc) { status = sc; }
        @Override public int getStatus() { return status; }
        @Override public void flushBuffer() { committed = true; }
        @Override public void resetBuffer() { }
        @Override public int getBufferSize() { return 8192; }
    }
}
