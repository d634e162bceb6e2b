package com.bikefleet.server.api;

import com.bikefleet.model.Fix;
import com.bikefleet.server.command.CommandService;
import com.bikefleet.server.store.BikeView;
import com.bikefleet.server.store.FixStore;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * The {@code /api} routes: {@code GET /api/bikes} here; a bike's track, gaps and commands in their own
 * classes.
 */
public final class BikesApi extends HttpHandler {

    public static final String PATH = "/api";

    private final FixStore store;
    // Whether a bike is connected past its hello, here or (with a backplane) on another instance.
    private final java.util.function.Predicate<String> online;
    private final JsonResponses json;
    private final CommandsApi commands;
    private final TrackApi track;
    private final GapsApi gaps;
    private final RouteTable routes;

    /** @param registered whether a bike id is registered: commands are taken only for those */
    public BikesApi(FixStore store, java.util.function.Predicate<String> online, CommandService commandService,
                    java.util.function.Predicate<String> registered) {
        this.store = store;
        this.online = online;
        Gson gson = new GsonBuilder().disableHtmlEscaping().create();
        this.json = new JsonResponses(gson);
        this.commands = new CommandsApi(commandService, registered, json);
        this.track = new TrackApi(store, json, gson);
        this.gaps = new GapsApi(store, json);
        this.routes = new RouteTable(json)
                .on(Method.GET, "/api/bikes", (params, request, response) -> json.ok(response, bikes()))
                .on(Method.GET, "/api/bikes/{id}/track", (params, request, response) ->
                        track.service(params.get("id"), request, response))
                .on(Method.GET, "/api/bikes/{id}/gaps", (params, request, response) ->
                        gaps.service(params.get("id"), response))
                .on(Method.GET, "/api/bikes/{id}/commands", this::commands)
                .on(Method.POST, "/api/bikes/{id}/commands", this::commands)
                .on(Method.GET, "/api/bikes/{id}/commands/{command}", this::commands)
                .on(Method.DELETE, "/api/bikes/{id}/commands/{command}", this::commands);
    }

    private void commands(Map<String, String> params, Request request, Response response) throws IOException {
        commands.service(params.get("id"), params.get("command"), request, response);
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        routes.dispatch(request, response);
    }

    private List<Map<String, Object>> bikes() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (BikeView bike : store.bikes()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", bike.bikeId());
            row.put("online", online.test(bike.bikeId()));
            row.put("lastSeen", bike.lastSeen() == null ? null : bike.lastSeen().toString());
            row.put("lastPosition", bike.lastFix() == null ? null : fixJson(bike.lastFix()));
            row.put("gps", bike.gps());
            row.put("outboxDepth", bike.outboxDepth());
            row.put("dropped", bike.dropped());
            GapsApi.putIncidents(row, bike.incidents());
            if (bike.battery() != null) {
                row.put("battery", number(bike.battery().value()));
                row.put("batteryTime", bike.battery().time().toString());
            }
            out.add(row);
        }
        return out;
    }

    /** Telemetry values travel as text; a numeric one is shown as a number. */
    private static Object number(String value) {
        try {
            double number = Double.parseDouble(value);
            // JSON has no NaN or Infinity.
            return Double.isFinite(number) ? number : value;
        } catch (NumberFormatException e) {
            return value;
        }
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
