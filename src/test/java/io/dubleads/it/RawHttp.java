package io.dubleads.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A tiny HTTP/1.1 client on a raw socket: any {@code Host} header, raw {@code Cookie} headers,
 * never follows redirects, and returns the response headers exactly as sent (every
 * {@code Set-Cookie} line). One request per connection ({@code Connection: close}).
 */
public final class RawHttp {
    private RawHttp() {}

    /** A response as received. */
    public record Response(int status, List<String[]> headers, String body) {
        /** @return every value of the header, in order (name compared case-insensitively) */
        public List<String> all(String name) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).collect(Collectors.toList());
        }

        public List<String> setCookies() {
            return all("Set-Cookie");
        }

        public String header(String name) {
            List<String> values = all(name);
            return values.isEmpty() ? null : values.get(0);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("HTTP ").append(status).append('\n');
            for (String[] h : headers) sb.append(h[0]).append(": ").append(h[1]).append('\n');
            sb.append('\n').append(body.length() > 300 ? body.substring(0, 300) + "...(" + body.length() + " chars)" : body);
            return sb.toString();
        }
    }

    /**
     * @param cookie the raw {@code Cookie} header value, or null for none
     */
    public static Response get(int port, String host, String pathAndQuery, String cookie) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            StringBuilder req = new StringBuilder();
            req.append("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n");
            req.append("Host: ").append(host).append("\r\n");
            if (cookie != null) req.append("Cookie: ").append(cookie).append("\r\n");
            req.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + pathAndQuery + " (Host " + host + ") on port " + port, e);
        }
    }

    private static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) throw new IOException("no response");
        String[] parts = statusLine.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        List<String[]> headers = new ArrayList<>();
        String line;
        while ((line = line(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
        }
        String te = null;
        long length = -1;
        for (String[] h : headers) {
            if (h[0].equalsIgnoreCase("Transfer-Encoding")) te = h[1].toLowerCase(Locale.ROOT);
            if (h[0].equalsIgnoreCase("Content-Length")) length = Long.parseLong(h[1]);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (te != null && te.contains("chunked")) {
            while (true) {
                String size = line(in);
                if (size == null) break;
                int semi = size.indexOf(';');
                int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (n == 0) {
                    while ((line = line(in)) != null && !line.isEmpty()) { /* trailers */ }
                    break;
                }
                body.write(in.readNBytes(n));
                line(in);
            }
        } else if (length >= 0) {
            body.write(in.readNBytes((int) length));
        } else {
            body.write(in.readAllBytes());
        }
        return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') break;
            if (c != '\r') b.write(c);
        }
        if (c == -1 && b.size() == 0) return null;
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
