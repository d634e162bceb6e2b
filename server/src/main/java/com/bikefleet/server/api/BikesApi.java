package com.bikefleet.server.api;

import com.bikefleet.model.Fix;
import com.bikefleet.server.command.CommandService;
import com.bikefleet.server.ingest.ConnectedBikes;
import com.bikefleet.server.store.BikeView;
import com.bikefleet.server.store.FixStore;
import com.bikefleet.server.store.StoredFix;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.util.HttpStatus;

/**
 * {@code GET /api/bikes} and {@code GET /api/bikes/{id}/track}: what the server has stored, as JSON.
 */
public final class BikesApi extends HttpHandler {

    public static final String PATH = "/api";
    static final int DEFAULT_LIMIT = 10_000;
    static final int MAX_LIMIT = 100_000;

    private final FixStore store;
    private final ConnectedBikes connected;
    private final JsonResponses json;
    private final CommandsApi commands;

    public BikesApi(FixStore store, ConnectedBikes connected, CommandService commandService) {
        this.store = store;
        this.connected = connected;
        Gson gson = new GsonBuilder().disableHtmlEscaping().create();
        this.json = new JsonResponses(gson);
        this.commands = new CommandsApi(commandService, json, gson);
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        String path = request.getRequestURI();
        if (path.startsWith("/api/bikes/") && path.endsWith("/commands")) {
            String bikeId = path.substring("/api/bikes/".length(), path.length() - "/commands".length());
            commands.service(bikeId, request, response);
            return;
        }
        if (!Method.GET.equals(request.getMethod())) {
            json.error(response, HttpStatus.METHOD_NOT_ALLOWED_405, "only GET is supported here");
            return;
        }
        if (path.equals("/api/bikes")) {
            json.ok(response, bikes());
            return;
        }
        if (path.startsWith("/api/bikes/") && path.endsWith("/track")) {
            String bikeId = path.substring("/api/bikes/".length(), path.length() - "/track".length());
            track(bikeId, request, response);
            return;
        }
        json.error(response, HttpStatus.NOT_FOUND_404, "no such resource: " + path);
    }

    private List<Map<String, Object>> bikes() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (BikeView bike : store.bikes()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", bike.bikeId());
            row.put("online", connected.isOnline(bike.bikeId()));
            row.put("lastSeen", bike.lastSeen() == null ? null : bike.lastSeen().toString());
            row.put("lastPosition", bike.lastFix() == null ? null : fixJson(bike.lastFix()));
            row.put("gps", bike.gps());
            row.put("outboxDepth", bike.outboxDepth());
            row.put("dropped", bike.dropped());
            out.add(row);
        }
        return out;
    }

    private void track(String bikeId, Request request, Response response) throws Exception {
        Instant from;
        Instant to;
        int limit;
        try {
            from = instantParam(request, "from", Instant.EPOCH);
            to = instantParam(request, "to", Instant.parse("9999-12-31T23:59:59Z"));
            String limitText = request.getParameter("limit");
            limit = limitText == null ? DEFAULT_LIMIT : Integer.parseInt(limitText);
        } catch (DateTimeParseException | NumberFormatException e) {
            json.error(response, HttpStatus.BAD_REQUEST_400,
                    "from/to must be ISO-8601 UTC times and limit an integer: " + e.getMessage());
            return;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            json.error(response, HttpStatus.BAD_REQUEST_400, "limit must be 1.." + MAX_LIMIT);
            return;
        }
        List<Map<String, Object>> fixes = new ArrayList<>();
        for (StoredFix stored : store.track(bikeId, from, to, limit)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("outboxId", stored.outboxId());
            row.put("seq", stored.seq());
            row.putAll(fixJson(stored.fix()));
            fixes.add(row);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("bikeId", bikeId);
        body.put("fixes", fixes);
        json.ok(response, body);
    }

    private static Instant instantParam(Request request, String name, Instant fallback) {
        String text = request.getParameter(name);
        return text == null || text.isBlank() ? fallback : Instant.parse(text);
    }

    /** The same field names as a fix on the wire (docs/protocol.md). */
    static Map<String, Object> fixJson(Fix fix) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("time", fix.time().toString());
        out.put("lat", fix.latitude());
        out.put("lon", fix.longitude());
        putIfKnown(out, "speed", fix.speed());
        putIfKnown(out, "course", fix.course());
        putIfKnown(out, "alt", fix.altitude());
        putIfKnown(out, "hdop", fix.hdop());
        putIfKnown(out, "sats", fix.satellites());
        putIfKnown(out, "fix", fix.fixType() == null ? null : fix.fixType().wireName());
        return out;
    }

    private static void putIfKnown(Map<String, Object> out, String key, Object value) {
        if (value != null) {
            out.put(key, value);
        }
    }
}
