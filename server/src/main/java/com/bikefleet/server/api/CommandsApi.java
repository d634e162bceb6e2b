package com.bikefleet.server.api;

import com.bikefleet.server.command.CommandRecord;
import com.bikefleet.server.command.CommandService;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.util.HttpStatus;

/**
 * {@code POST /api/bikes/{id}/commands} with {@code {"name": "...", "args": {...}}} queues a command;
 * {@code GET} lists the bike's commands and their states.
 */
final class CommandsApi {

    private final CommandService commands;
    private final JsonResponses json;
    private final Gson gson;

    CommandsApi(CommandService commands, JsonResponses json, Gson gson) {
        this.commands = commands;
        this.json = json;
        this.gson = gson;
    }

    void service(String bikeId, Request request, Response response) throws IOException {
        if (Method.GET.equals(request.getMethod())) {
            json.ok(response, commands.forBike(bikeId).stream().map(CommandsApi::toJson).toList());
        } else if (Method.POST.equals(request.getMethod())) {
            create(bikeId, request, response);
        } else {
            json.error(response, HttpStatus.METHOD_NOT_ALLOWED_405, "use GET or POST");
        }
    }

    private void create(String bikeId, Request request, Response response) throws IOException {
        String name;
        Map<String, String> args = new LinkedHashMap<>();
        try {
            JsonObject body = JsonParser.parseReader(request.getReader()).getAsJsonObject();
            name = body.has("name") ? body.get("name").getAsString() : null;
            if (body.has("args")) {
                for (Map.Entry<String, JsonElement> arg : body.getAsJsonObject("args").entrySet()) {
                    args.put(arg.getKey(), arg.getValue().getAsString());
                }
            }
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            json.error(response, HttpStatus.BAD_REQUEST_400,
                    "body must be {\"name\": \"...\", \"args\": {\"key\": \"value\"}}");
            return;
        }
        try {
            CommandRecord created = commands.create(bikeId, name, args);
            response.setStatus(HttpStatus.ACCEPTED_202);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(gson.toJson(toJson(created)));
        } catch (IllegalArgumentException e) {
            json.error(response, HttpStatus.BAD_REQUEST_400, e.getMessage());
        }
    }

    static Map<String, Object> toJson(CommandRecord c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", c.id());
        out.put("bikeId", c.bikeId());
        out.put("name", c.name());
        out.put("args", c.args());
        out.put("state", c.state());
        out.put("message", c.message());
        out.put("createdAt", c.createdAt().toString());
        out.put("updatedAt", c.updatedAt().toString());
        return out;
    }
}
