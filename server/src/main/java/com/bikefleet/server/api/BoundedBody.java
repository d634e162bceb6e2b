package com.bikefleet.server.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.glassfish.grizzly.http.server.Request;

/**
 * Reads a request body of at most a given size. A body announced as larger is refused before a byte of it
 * is read; one without a length (chunked) or with a length that lies is read only up to one byte past the
 * limit, so a client cannot make the server hold more than the limit, whatever it sends.
 */
final class BoundedBody {

    private BoundedBody() {
    }

    /** The body, or null when it is larger than {@code maxBytes}. */
    static byte[] read(Request request, int maxBytes) throws IOException {
        if (request.getContentLengthLong() > maxBytes) {
            return null;
        }
        byte[] buffer = new byte[Math.min(maxBytes + 1, 8192)];
        int length = 0;
        InputStream in = request.getInputStream();
        while (true) {
            if (length == buffer.length) {
                if (length > maxBytes) {
                    return null;
                }
                buffer = Arrays.copyOf(buffer, Math.min(maxBytes + 1, buffer.length * 2));
            }
            int read = in.read(buffer, length, buffer.length - length);
            if (read < 0) {
                return Arrays.copyOf(buffer, length);
            }
            length += read;
        }
    }
}
