package io.dubleads;

import io.dubleads.capture.CapturingRequest;
import io.dubleads.capture.ClickCookies;
import io.dubleads.capture.ExpiringResponse;
import io.dubleads.capture.LeadCapture;
import io.dubleads.capture.RequestCapture;
import io.dubleads.config.ConfigException;
import io.dubleads.config.Settings;
import io.dubleads.config.SettingsParser;
import io.dubleads.delivery.Outbox;
import io.dubleads.metrics.Counters;
import io.dubleads.metrics.FilterStats;
import io.dubleads.metrics.Log;
import io.dubleads.spool.Spool;
import io.dubleads.spool.SpoolInitException;
import io.dubleads.spool.SpoolOpener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Dub lead conversion tracking for any servlet web application: when the application marks a
 * completed signup, this filter sends the lead to Dub ({@code POST /track/lead}) with the click ID
 * from the {@code dub_id} cookie, durably and at least once, and expires the cookie in the same
 * response. It never slows the request: the lead is written to a local spool and delivered by a
 * background sender, through Dub outages, rate limits, redeploys and restarts.
 *
 * <h2>Install</h2>
 * Put the jar in {@code WEB-INF/lib} (Maven: {@code io.dubleads:dub-lead-filter}; classifier
 * {@code javax} for Servlet 4.0 containers such as Tomcat 9) and map the filter first:
 * <pre>{@code
 * <filter>
 *   <filter-name>dub-leads</filter-name>
 *   <filter-class>io.dubleads.DubLeadFilter</filter-class>
 *   <async-supported>true</async-supported>
 *   <init-param>
 *     <param-name>apiKey</param-name>
 *     <param-value>${env:DUB_API_KEY}</param-value>
 *   </init-param>
 * </filter>
 * <filter-mapping>
 *   <filter-name>dub-leads</filter-name>
 *   <url-pattern>/*</url-pattern>
 *   <dispatcher>REQUEST</dispatcher>
 * </filter-mapping>
 * }</pre>
 *
 * <h2>Mark a signup</h2>
 * After the user was created, and before writing or redirecting, set one request attribute
 * (init-param {@code attribute}, default {@code dub.lead}) to any of:
 * <ul>
 * <li>a {@link Lead}: {@code request.setAttribute("dub.lead", Lead.builder(user.getId()).customerEmail(user.getEmail()).build());}</li>
 * <li>a {@code Map} with Dub's field names: {@code customerExternalId} (required), {@code customerName},
 *     {@code customerEmail}, {@code customerAvatar}, {@code eventName}, {@code eventQuantity},
 *     {@code metadata} (a Map), {@code mode}, {@code clickId};</li>
 * <li>a {@code CharSequence}: the customer ID alone: {@code request.setAttribute("dub.lead", user.getId());}</li>
 * <li>the application's own user object: {@code request.setAttribute("dub.lead", user);}, read through
 *     record accessors or getters named by {@code customerIdProperty} (default {@code id}),
 *     {@code customerNameProperty} ({@code name}), {@code customerEmailProperty} ({@code email}) and
 *     {@code customerAvatarProperty} ({@code avatar}).</li>
 * </ul>
 * Deferred flow (e.g. the lead counts only after email verification): at signup set
 * {@code Lead.builder(id).mode("deferred").build()}; later, when the cookie may be long gone, set
 * {@code Lead.builder(id).clickId("").build()}: Dub uses the click it stored for that customer.
 *
 * <p>The lead is captured the moment the attribute is set: the filter reads the click ID (the lead's
 * {@code clickId}, else the cookie), checks and repairs the lead, writes it to the spool, and only
 * then adds {@code Set-Cookie} headers that expire {@code dub_id} and {@code dub_partner_data}, for
 * every commit path (redirects, errors, flushes, forwards, error pages, async, {@code reset()}).
 * A lead that cannot be accepted keeps its cookie. Set after the response was committed: the lead
 * is kept, the cookie stays ({@code CookieNotExpired}). Set on the original request, bypassing the
 * filter's wrapper: found when the chain returns. Requests without a {@code dub_id} or
 * {@code dub_partner_data} cookie are not wrapped and cost one header and one attribute lookup.
 *
 * <h2>Init-params</h2>
 * Values may use {@code ${env:NAME}}, {@code ${sys:name}}, {@code ${jndi:name}} (under
 * {@code java:comp/env/}), each with a default {@code ${env:NAME:-fallback}}; {@code $${} is a
 * literal {@code ${}. Durations: {@code 250ms}, {@code 5s}, {@code 2m}, {@code 72h}, {@code 7d}, or
 * ISO-8601. An unknown name or an invalid value fails {@code init()}, so the webapp does not start.
 * <table>
 * <caption>init-params</caption>
 * <tr><th>name</th><th>default</th><th>meaning</th></tr>
 * <tr><td>apiKey</td><td>none</td><td>Dub API key; missing: leads kept, delivery paused ({@code no-api-key}), one ERROR</td></tr>
 * <tr><td>apiUrl</td><td>https://api.dub.co</td><td>base URL; http:// only for loopback</td></tr>
 * <tr><td>attribute</td><td>dub.lead</td><td>the request attribute that marks a signup</td></tr>
 * <tr><td>eventName</td><td>Sign Up</td><td>when the lead gives none</td></tr>
 * <tr><td>mode</td><td>async</td><td>{@code async}, {@code wait} or {@code deferred}; never applied to a {@code clickId("")} lead</td></tr>
 * <tr><td>cookieName</td><td>dub_id</td><td>the click-ID cookie</td></tr>
 * <tr><td>cookieDomain</td><td>auto</td><td>{@code auto}: expire host-only and for each domain from the host up to its
 *     last two labels (none for localhost/IPs); {@code none}: host-only; or a comma-separated list</td></tr>
 * <tr><td>cookiePath</td><td>/</td><td>the cookie's path</td></tr>
 * <tr><td>trackWithoutClick</td><td>false</td><td>send leads with {@code clickId: ""} when there is no cookie</td></tr>
 * <tr><td>customerIdProperty, customerNameProperty, customerEmailProperty, customerAvatarProperty</td>
 *     <td>id, name, email, avatar</td><td>properties of the application's own user object</td></tr>
 * <tr><td>spoolDirectory</td><td>{@code <catalina.base|jetty.base|user.home>/dub-leads/<host>/<context>/<filter-name>}</td>
 *     <td>where accepted leads wait; absolute path, or {@code memory}</td></tr>
 * <tr><td>spoolSync</td><td>interval</td><td>{@code always} (fsync per lead), {@code interval} (fsync each second), {@code never}</td></tr>
 * <tr><td>maxPending</td><td>100000</td><td>leads waiting at most; more are refused (cookie kept)</td></tr>
 * <tr><td>maxPendingBytes</td><td>256MB</td><td>spool size at most</td></tr>
 * <tr><td>concurrency</td><td>4</td><td>requests in flight to Dub at most</td></tr>
 * <tr><td>rateLimit</td><td>1200/min</td><td>sending rate at most ({@code N/s}, {@code N/min})</td></tr>
 * <tr><td>connectTimeout</td><td>5s</td><td></td></tr>
 * <tr><td>requestTimeout</td><td>10s</td><td></td></tr>
 * <tr><td>retryFor</td><td>72h</td><td>unpaused time after which a failing lead is dead-lettered</td></tr>
 * <tr><td>shutdownTimeout</td><td>5s</td><td>how long {@code destroy()} keeps delivering</td></tr>
 * <tr><td>dryRun</td><td>false</td><td>log each lead (redacted) instead of sending; no spool, no cookie changes</td></tr>
 * <tr><td>enabled</td><td>true</td><td>{@code false}: pure pass-through</td></tr>
 * <tr><td>jmx</td><td>true</td><td>register the MBean {@code io.dubleads:type=DubLeadFilter,host=..,context=..,name=..}</td></tr>
 * </table>
 *
 * <h2>Delivery</h2>
 * A background sender posts each spooled lead to {@code {apiUrl}/track/lead} ({@code concurrency}
 * requests at most, within {@code rateLimit}; leads of one customer in the order accepted). 2xx:
 * delivered ({@code "link": null} is Dub's duplicate answer; after an earlier failed attempt it is
 * dead-lettered as {@code dub-dedupe-after-error}). Connection errors, timeouts, 408, 429 and 5xx:
 * retried with exponential backoff and full jitter, honouring {@code Retry-After} in every form
 * (Dub sends epoch milliseconds), a 429 holding all sending. 401, 403, 3xx, persistent TLS or DNS
 * failures: delivery pauses ({@code Paused}, {@code PauseReason}) and probes every few minutes.
 * 422: resent once with the required fields only. Other 4xx, or failing for longer than
 * {@code retryFor}: written to {@code <spoolDirectory>/dead-letter.jsonl} with Dub's answer. The
 * spool survives redeploys and a killed JVM; {@code destroy()} delivers for up to
 * {@code shutdownTimeout} and leaves the rest on disk.
 *
 * <h2>Monitoring</h2>
 * One INFO line at startup states the effective configuration (key shown as {@code dub_****} + last
 * 4). JMX: {@code io.dubleads:type=DubLeadFilter,host=<virtual host>,context=<path or ROOT>,name=<filter>}
 * with {@code Accepted}, {@code Delivered}, {@code Duplicates}, {@code Unconfirmed},
 * {@code Unattributed}, {@code Retried}, {@code Rejected}, {@code DeadLettered},
 * {@code CookieNotExpired}, {@code Pending}, {@code OldestPendingSeconds}, {@code Durable},
 * {@code Paused}, {@code PauseReason}, {@code LastError}, {@code LastDeliveryTime}.
 *
 * <h2>Safety</h2>
 * Nothing the filter does throws into the application or changes its status or body; internal
 * errors are logged and counted. Bad input is refused (counted as {@code Rejected}, cookie kept) or
 * repaired (invalid or over-long email and over-long name left out, over-long metadata left out,
 * {@code eventQuantity} clamped to 1..100). Logs go through {@code System.Logger} ({@code io.dubleads});
 * no email, name, API key or full click ID is logged at INFO or above.
 */
public class DubLeadFilter implements Filter {
    private Settings settings;
    private LeadCapture capture;
    private Outbox outbox;
    private FilterStats stats;
    private Log log;
    private Counters counters;
    /** false when {@code enabled=false}, or before init / after destroy: pure pass-through */
    private volatile boolean active;

    @Override
    public void init(FilterConfig config) throws ServletException {
        ServletContext context = config.getServletContext();
        String contextName = context.getContextPath().isEmpty() ? "ROOT" : context.getContextPath();
        String host = virtualHost(context);
        String filterName = config.getFilterName();
        log = new Log(contextName + " " + filterName);
        try {
            settings = new SettingsParser(SettingsParser.systemPlaceholders(DubLeadFilter::jndi)).parse(initParams(config));
        } catch (ConfigException e) {
            String message = "DubLeadFilter '" + filterName + "' in " + contextName + ": " + e.getMessage();
            log.error(message);
            throw new ServletException(message);
        }
        if (!settings.enabled) {
            log.info("disabled (enabled=false): every request passes through untouched");
            return;
        }
        counters = new Counters();
        Spool spool = null;
        if (!settings.dryRun) {
            try {
                spool = SpoolOpener.open(settings, host, contextName, filterName, log);
            } catch (SpoolInitException e) {
                String message = "DubLeadFilter '" + filterName + "' in " + contextName + ": " + e.getMessage();
                log.error(message);
                throw new ServletException(message, e.getCause());
            }
            outbox = Outbox.start(settings, spool, counters, log);
        }
        capture = new LeadCapture(settings, outbox, counters, log);
        Spool spoolForStats = spool;
        Outbox outboxForStats = outbox;
        stats = new FilterStats(counters,
                () -> outboxForStats == null ? 0 : outboxForStats.pending(),
                () -> outboxForStats == null ? 0 : outboxForStats.oldestPendingSeconds(),
                () -> spoolForStats != null && spoolForStats.durable());
        if (settings.jmx) stats.register(host, contextName, filterName, log);
        active = true;
        log.info(startupLine(spool));
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!active || !(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)) {
            chain.doFilter(req, res);
            return;
        }
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        if (request.getDispatcherType() != DispatcherType.REQUEST && handledAlready(request)) {
            chain.doFilter(req, res); // an extra dispatcher mapping: this request is handled already
            return;
        }
        RequestCapture watched = watch(request, response);
        if (watched == null) {
            passThrough(request, response, chain);
            return;
        }
        ExpiringResponse wrappedResponse = new ExpiringResponse(response, watched);
        try {
            chain.doFilter(new CapturingRequest(request, wrappedResponse, watched, capture.attribute()), wrappedResponse);
        } finally {
            afterChain(request, watched);
        }
    }

    /** @return the capture state for a request carrying a click cookie (or any, with trackWithoutClick); else null */
    private RequestCapture watch(HttpServletRequest request, HttpServletResponse response) {
        try {
            boolean carries = ClickCookies.mayCarry(request, capture.cookieName());
            if (!carries && !capture.trackWithoutClick()) return null;
            ClickCookies cookies = ClickCookies.of(request, capture.cookieName());
            if (!cookies.any() && !capture.trackWithoutClick()) return null;
            return new RequestCapture(capture, request, response, cookies);
        } catch (RuntimeException e) {
            internalError(e);
            return null;
        }
    }

    /**
     * On a FORWARD, INCLUDE, ASYNC or ERROR dispatch through an extra mapping of this filter: whether
     * the request is already watched (our wrapper is inside the container's) or its lead was already
     * captured (marked on the request). Not on the REQUEST path, which stays free of attribute writes.
     */
    private static boolean handledAlready(HttpServletRequest request) {
        for (ServletRequest r = request; r instanceof ServletRequestWrapper; r = ((ServletRequestWrapper) r).getRequest()) {
            if (r instanceof CapturingRequest) return true;
        }
        return request.getAttribute(RequestCapture.ATTRIBUTE) != null;
    }

    /** An unwatched request: one attribute lookup once the chain returns. */
    private void passThrough(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } finally {
            try {
                Object value = request.getAttribute(capture.attribute());
                boolean async = request.isAsyncStarted();
                if (value != null || async) {
                    RequestCapture late = new RequestCapture(capture, request, response, ClickCookies.of(request, capture.cookieName()));
                    afterChain(request, late);
                }
            } catch (RuntimeException e) {
                internalError(e);
            }
        }
    }

    /** The chain returned (or threw): a lead set on the original request is captured now or on async completion. */
    private void afterChain(HttpServletRequest request, RequestCapture watched) {
        try {
            watched.checkOriginal();
            if (request.isAsyncStarted()) request.getAsyncContext().addListener(watched);
        } catch (RuntimeException e) {
            internalError(e);
        }
    }

    private void internalError(RuntimeException e) {
        counters.internalErrors.increment();
        log.error("internal error (the request goes on unchanged)", e);
    }

    @Override
    public void destroy() {
        active = false;
        long started = System.nanoTime();
        if (stats != null) stats.unregister();
        if (outbox != null) outbox.shutdown();
        if (log != null && settings != null && settings.enabled) {
            log.info("stopped in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
        }
    }

    private String startupLine(Spool spool) {
        Settings s = settings;
        String spoolText = s.dryRun ? "none (dryRun)"
                : spool == null || spool.directory() == null ? "memory (not durable)"
                : spool.directory() + " (durable, spoolSync=" + s.spoolSync.name().toLowerCase() + ")";
        return "started " + Version.userAgent() + ": apiUrl=" + s.apiUrl + " apiKey=" + s.redactedApiKey()
                + " attribute=" + s.attribute + " eventName=" + s.eventName + " mode=" + s.mode.wire()
                + " cookieName=" + s.cookieName + " cookieDomain="
                + (s.cookieDomains == null ? "auto" : s.cookieDomains.isEmpty() ? "none" : String.join(",", s.cookieDomains))
                + " cookiePath=" + s.cookiePath + " trackWithoutClick=" + s.trackWithoutClick
                + " spool=" + spoolText + " maxPending=" + s.maxPending + " maxPendingBytes=" + s.maxPendingBytes
                + " concurrency=" + s.concurrency + " rateLimit=" + s.rateLimitPermits + "/"
                + (s.rateLimitWindow.getSeconds() == 1 ? "s" : "min") + " connectTimeout=" + s.connectTimeout
                + " requestTimeout=" + s.requestTimeout + " retryFor=" + s.retryFor
                + " shutdownTimeout=" + s.shutdownTimeout + " dryRun=" + s.dryRun + " jmx=" + s.jmx;
    }

    private static Map<String, String> initParams(FilterConfig config) {
        Map<String, String> params = new LinkedHashMap<>();
        Enumeration<String> names = config.getInitParameterNames();
        while (names != null && names.hasMoreElements()) {
            String name = names.nextElement();
            params.put(name, config.getInitParameter(name));
        }
        return params;
    }

    private static String virtualHost(ServletContext context) {
        try {
            String host = context.getVirtualServerName();
            return host == null || host.isEmpty() ? "default" : host;
        } catch (RuntimeException | AbstractMethodError e) {
            return "default";
        }
    }

    private static Object jndi(String name) {
        try {
            return new InitialContext().lookup("java:comp/env/" + name);
        } catch (NamingException | RuntimeException e) {
            return null;
        }
    }
}
