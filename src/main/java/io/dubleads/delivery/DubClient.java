package io.dubleads.delivery;

import io.dubleads.Version;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Dub's {@code POST /track/lead} over one {@link HttpClient} per filter instance, with explicit
 * timeouts and an executor of its own. Every thread it starts is a daemon without the webapp's
 * class loader as context class loader, and {@link #close()} stops them, so an undeployed webapp
 * leaves nothing of ours running (on Java 21+ the client itself is closed too; on 17 its selector
 * thread ends once the client is unreachable).
 */
final class DubClient {
    private final URI endpoint;
    private final String authorization;
    private final Duration requestTimeout;
    private final ThreadPoolExecutor executor;
    private volatile HttpClient http;

    /**
     * @param apiUrl      Dub's base URL
     * @param apiKey      the API key, or null (then nothing may be sent)
     * @param threads     the executor's size (the sender's concurrency)
     * @param threadNames prefix of the executor's thread names
     */
    DubClient(URI apiUrl, String apiKey, Duration connectTimeout, Duration requestTimeout, int threads, String threadNames) {
        this.endpoint = URI.create(apiUrl.toString().replaceAll("/+$", "") + "/track/lead");
        this.authorization = apiKey == null ? null : "Bearer " + apiKey;
        this.requestTimeout = requestTimeout;
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemonThreads(threadNames));
        this.executor.allowCoreThreadTimeOut(true);
        Thread current = Thread.currentThread();
        ClassLoader webapp = current.getContextClassLoader();
        current.setContextClassLoader(null); // the client's selector thread inherits it: keep the webapp's loader out
        try {
            this.http = HttpClient.newBuilder()
                    .connectTimeout(connectTimeout)
                    .executor(executor)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .version("https".equalsIgnoreCase(apiUrl.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                    .build();
        } finally {
            current.setContextClassLoader(webapp);
        }
    }

    /** Sends one body; the future never completes exceptionally (failures become {@link DubAnswer#failed}). */
    CompletableFuture<DubAnswer> send(String body) {
        HttpClient client = http;
        if (client == null || authorization == null) {
            return CompletableFuture.completedFuture(DubAnswer.failed(new IllegalStateException("client closed")));
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("User-Agent", Version.userAgent())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .handle((r, e) -> e != null ? DubAnswer.failed(unwrap(e)) : new DubAnswer(r.statusCode(), r.headers(), r.body(), null));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(DubAnswer.failed(e));
        }
    }

    /** Stops the executor's threads and, where the JDK allows (21+), the client's. */
    void close() {
        HttpClient client = http;
        http = null;
        if (client instanceof AutoCloseable) {
            try {
                ((AutoCloseable) client).close();
            } catch (Exception e) {
                // closing is best effort; the executor below is ours and stops regardless
            }
        }
        executor.shutdownNow();
    }

    /** Waits up to {@code millis} for the executor's threads to end. */
    boolean awaitClosed(long millis) throws InterruptedException {
        return executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof java.util.concurrent.CompletionException || e instanceof java.util.concurrent.ExecutionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** Daemon threads named {@code prefix-N}, without a context class loader. */
    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(null);
            return t;
        };
    }
}
