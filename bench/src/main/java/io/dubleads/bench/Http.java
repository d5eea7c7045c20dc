package io.dubleads.bench;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 client over one keep-alive socket, for the benchmarks' own load: it sends a
 * {@code GET} with an optional {@code Cookie} header and reads the status and the body (fixed length
 * or chunked), reconnecting when the server closes. Not thread-safe: one per client thread.
 */
final class Http implements Closeable {
    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] line = new byte[8192];

    Http(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** @return the response status of {@code GET pathAndQuery} */
    int get(String pathAndQuery, String cookie) throws IOException {
        if (socket == null) connect();
        StringBuilder sb = new StringBuilder(128).append("GET ").append(pathAndQuery).append(" HTTP/1.1\r\nHost: ")
                .append(host).append(':').append(port).append("\r\n");
        if (cookie != null) sb.append("Cookie: ").append(cookie).append("\r\n");
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String status = readLine();
        if (status == null) throw new IOException("connection closed before the status line");
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String h = readLine(); h != null && !h.isEmpty(); h = readLine()) {
            int colon = h.indexOf(':');
            if (colon < 0) continue;
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) length = Long.parseLong(value);
            else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) chunked = true;
            else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) close = true;
        }
        if (chunked) {
            for (long size = Long.parseLong(readLine().trim(), 16); size > 0; size = Long.parseLong(readLine().trim(), 16)) {
                skip(size);
                readLine();
            }
            readLine();
        } else if (length > 0) {
            skip(length);
        }
        if (close) close();
        return code;
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(60_000);
        in = new BufferedInputStream(socket.getInputStream(), 16384);
        out = socket.getOutputStream();
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() < 0) throw new IOException("connection closed in the body");
                skipped = 1;
            }
            n -= skipped;
        }
    }

    private String readLine() throws IOException {
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) return n == 0 ? null : new String(line, 0, n, StandardCharsets.ISO_8859_1);
            if (b == '\n') break;
            if (b != '\r' && n < line.length) line[n++] = (byte) b;
        }
        return new String(line, 0, n, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            if (socket != null) socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        socket = null;
    }
}
