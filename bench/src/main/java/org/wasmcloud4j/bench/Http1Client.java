package org.wasmcloud4j.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal keep-alive HTTP/1.1 client for benchmarks: one connection, one GET at a time, reads the status and a
 * body framed by content-length or chunking. It costs the same for both servers, so it drops out of the ratio.
 */
final class Http1Client implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final byte[] request;
    private final byte[] line = new byte[8192];

    Http1Client(int port, String path) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends the GET and reads the whole response; returns the body length (checked against the status 200). */
    int get() throws IOException {
        out.write(request);
        out.flush();
        String status = readLine();
        if (!status.startsWith("HTTP/1.1 200")) {
            throw new IOException("unexpected status line: " + status);
        }
        long length = -1;
        boolean chunked = false;
        for (String h = readLine(); !h.isEmpty(); h = readLine()) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            }
        }
        int total = 0;
        if (chunked) {
            for (int n = Integer.parseInt(readLine().trim(), 16); n > 0; n = Integer.parseInt(readLine().trim(), 16)) {
                skip(n);
                total += n;
                readLine();
            }
            readLine();   // the empty line after the last chunk
        } else if (length >= 0) {
            skip(length);
            total = (int) length;
        } else {
            throw new IOException("a response without length on a keep-alive connection");
        }
        return total;
    }

    /** The body of one GET, for checks outside the measurement. */
    String getText() throws IOException {
        capture = new java.io.ByteArrayOutputStream();
        try {
            get();
            return capture.toString(StandardCharsets.UTF_8);
        } finally {
            capture = null;
        }
    }

    private java.io.ByteArrayOutputStream capture;

    private void skip(long n) throws IOException {
        if (capture != null) {
            capture.write(in.readNBytes((int) n));
            return;
        }
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new IOException("the connection closed in a body");
                }
                s = 1;
            }
            n -= s;
        }
    }

    private String readLine() throws IOException {
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed");
            }
            if (b == '\n') {
                break;
            }
            if (b != '\r' && n < line.length) {
                line[n++] = (byte) b;
            }
        }
        return new String(line, 0, n, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
