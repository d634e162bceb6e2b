package com.bikefleet.server.api;

import com.bikefleet.server.store.FixStore;
import com.bikefleet.server.store.StoredFix;
import com.bikefleet.server.store.TrackCursor;
import com.google.gson.Gson;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.util.HttpStatus;

/**
 * {@code GET /api/bikes/{id}/track?from=&to=&limit=&after=&format=json|geojson|gpx}: one page of the stored
 * track, oldest first. When more fixes follow, the page links to the next one: {@code Link: <...>;
 * rel="next"} in every format, and also {@code next} in the JSON and GeoJSON bodies.
 */
final class TrackApi {

    static final int DEFAULT_LIMIT = 10_000;
    static final int MAX_LIMIT = 100_000;
    private static final Instant END_OF_TIME = Instant.parse("9999-12-31T23:59:59Z");
    /**
     * {@code from} and {@code to} are times with four-digit years. Instant takes years up to a billion, which
     * overflow the store's epoch milliseconds: such a query failed with 500 instead of being refused.
     */
    static final Instant EARLIEST_QUERY_TIME = Instant.parse("0000-01-01T00:00:00Z");
    static final Instant LATEST_QUERY_TIME = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private final FixStore store;
    private final JsonResponses json;
    private final Map<String, TrackWriter> writers = new LinkedHashMap<>();

    TrackApi(FixStore store, JsonResponses json, Gson gson) {
        this.store = store;
        this.json = json;
        writers.put("json", new TrackJson());
        writers.put("geojson", new TrackGeoJson(gson));
        writers.put("gpx", new TrackGpx());
    }

    void service(String bikeId, Request request, Response response) throws IOException {
        Instant from;
        Instant to;
        int limit;
        TrackCursor after;
        try {
            from = instantParam(request, "from", Instant.EPOCH);
            to = instantParam(request, "to", END_OF_TIME);
        } catch (IllegalArgumentException e) {
            json.error(response, HttpStatus.BAD_REQUEST_400, e.getMessage());
            return;
        }
        try {
            String limitText = request.getParameter("limit");
            limit = limitText == null ? DEFAULT_LIMIT : Integer.parseInt(limitText);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            json.error(response, HttpStatus.BAD_REQUEST_400, "limit must be an integer 1.." + MAX_LIMIT);
            return;
        }
        try {
            String afterText = request.getParameter("after");
            after = afterText == null || afterText.isBlank() ? null : TrackCursor.decode(afterText);
        } catch (IllegalArgumentException e) {
            json.error(response, HttpStatus.BAD_REQUEST_400, "after must be a cursor from a previous page's next link");
            return;
        }
        String format = request.getParameter("format") == null ? "json" : request.getParameter("format");
        TrackWriter writer = writers.get(format);
        if (writer == null) {
            json.error(response, HttpStatus.BAD_REQUEST_400, "format must be one of " + writers.keySet());
            return;
        }
        // One more than asked tells whether another page follows without a count query.
        List<StoredFix> fixes = store.track(bikeId, from, to, after, limit + 1);
        String next = null;
        if (fixes.size() > limit) {
            fixes = fixes.subList(0, limit);
            next = nextPage(request, TrackCursor.after(fixes.get(limit - 1)));
            response.setHeader("Link", "<" + next + ">; rel=\"next\"");
        }
        response.setStatus(HttpStatus.OK_200);
        response.setContentType(writer.contentType());
        response.setCharacterEncoding("UTF-8");
        writer.write(new TrackPage(bikeId, fixes, next), response);
    }

    /** The same request with {@code after} moved on: path and query, relative to the server. */
    private static String nextPage(Request request, TrackCursor cursor) {
        StringJoiner query = new StringJoiner("&");
        for (String name : List.of("from", "to", "limit", "format")) {
            String value = request.getParameter(name);
            if (value != null) {
                query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        query.add("after=" + cursor.encode());
        return request.getRequestURI() + "?" + query;
    }

    /** @throws IllegalArgumentException naming the parameter when it is not a time the store can compare */
    private static Instant instantParam(Request request, String name, Instant fallback) {
        String text = request.getParameter(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        Instant time;
        try {
            time = Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 UTC time: " + e.getMessage(), e);
        }
        if (time.isBefore(EARLIEST_QUERY_TIME) || time.isAfter(LATEST_QUERY_TIME)) {
            throw new IllegalArgumentException(name + " must be from " + EARLIEST_QUERY_TIME + " to "
                    + LATEST_QUERY_TIME + ", was " + text);
        }
        return time;
    }
}
