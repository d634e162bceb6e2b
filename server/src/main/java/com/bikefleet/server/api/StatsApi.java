package com.bikefleet.server.api;

import com.google.gson.Gson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.util.HttpStatus;

/**
 * {@code GET /api/stats}: the fleet at a glance for dashboards, cheap to poll (counters only, no store
 * read): bikes connected, live listeners, fixes stored since the server started.
 */
public final class StatsApi extends HttpHandler {

    public static final String PATH = "/api/stats";

    private final IntSupplier bikesOnline;
    private final IntSupplier listeners;
    private final LongSupplier fixesStored;
    private final JsonResponses json = new JsonResponses(new Gson());

    public StatsApi(IntSupplier bikesOnline, IntSupplier listeners, LongSupplier fixesStored) {
        this.bikesOnline = bikesOnline;
        this.listeners = listeners;
        this.fixesStored = fixesStored;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        if (!Method.GET.equals(request.getMethod())) {
            json.error(response, HttpStatus.METHOD_NOT_ALLOWED_405, "only GET is supported here");
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("bikesOnline", bikesOnline.getAsInt());
        body.put("listeners", listeners.getAsInt());
        body.put("fixesStored", fixesStored.getAsLong());
        json.ok(response, body);
    }
}
