package com.bikefleet.server.map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.Map;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.util.HttpStatus;

/** {@code GET /api/map}: the tile layer the live map should use (server settings map.*). */
public final class MapSettingsApi extends HttpHandler {

    public static final String PATH = "/api/map";

    private final String body;

    public MapSettingsApi(MapSettings settings) {
        Gson gson = new GsonBuilder().disableHtmlEscaping().create();
        this.body = gson.toJson(Map.of("tileUrl", settings.tileUrl(), "attribution", settings.attribution()));
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        if (!Method.GET.equals(request.getMethod())) {
            response.setStatus(HttpStatus.METHOD_NOT_ALLOWED_405);
            response.getWriter().write("{\"error\":\"only GET is supported here\"}");
            return;
        }
        response.getWriter().write(body);
    }
}
