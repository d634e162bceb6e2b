package com.bikefleet.server.api;

import com.bikefleet.server.command.CommandRecord;
import com.bikefleet.server.command.CommandService;
import com.bikefleet.server.command.TooManyCommandsException;
import com.bikefleet.server.registry.BikeRegistry;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.util.HttpStatus;

/**
 * {@code POST /api/bikes/{id}/commands} with {@code {"name": "...", "args": {...}}} queues a command;
 * {@code GET} lists the bike's commands and their states; {@code GET} and {@code DELETE}
 * {@code /api/bikes/{id}/commands/{commandId}} show and cancel one. Only registered bikes have commands.
 */
final class CommandsApi {

    /**
     * The largest request body taken. The largest valid command (a notice of 500 characters, each escaped
     * as {@code \\uXXXX}) is about 3 KB; anything much larger is not a command.
     */
    static final int MAX_BODY_BYTES = 16 * 1024;
    // Grizzly names no 429.
    private static final HttpStatus TOO_MANY_REQUESTS_429 = HttpStatus.newHttpStatus(429, "Too Many Requests");

    private final CommandService commands;
    // Whether a bike id is registered; a command for an unknown bike would wait forever.
    private final Predicate<String> registered;
    private final JsonResponses json;

    CommandsApi(CommandService commands, Predicate<String> registered, JsonResponses json) {
        this.commands = commands;
        this.registered = registered;
        this.json = json;
    }

    /** @param commandId the command's id from the path, or null for the bike's list */
    void service(String bikeId, String commandId, Request request, Response response) throws IOException {
        if (!BikeRegistry.BIKE_ID.matcher(bikeId).matches()) {
            json.error(response, HttpStatus.BAD_REQUEST_400, "invalid bike id: use 1-64 letters, digits, '.', '_' "
                    + "or '-', starting with a letter or digit");
            return;
        }
        if (!registered.test(bikeId)) {
            json.error(response, HttpStatus.NOT_FOUND_404, "bike " + bikeId + " is not registered");
            return;
        }
        Method method = request.getMethod();
        if (commandId == null && Method.GET.equals(method)) {
            json.ok(response, commands.forBike(bikeId).stream().map(CommandsApi::toJson).toList());
        } else if (commandId == null && Method.POST.equals(method)) {
            create(bikeId, request, response);
        } else if (commandId != null && Method.GET.equals(method)) {
            CommandRecord command = commands.find(bikeId, commandId);
            if (command == null) {
                json.error(response, HttpStatus.NOT_FOUND_404, "bike " + bikeId + " has no such command");
            } else {
                json.ok(response, toJson(command));
            }
        } else if (commandId != null && Method.DELETE.equals(method)) {
            cancel(bikeId, commandId, response);
        } else {
            json.error(response, HttpStatus.METHOD_NOT_ALLOWED_405, commandId == null
                    ? "use GET or POST" : "use GET or DELETE");
        }
    }

    private void create(String bikeId, Request request, Response response) throws IOException {
        byte[] bytes = BoundedBody.read(request, MAX_BODY_BYTES);
        if (bytes == null) {
            json.error(response, HttpStatus.REQUEST_ENTITY_TOO_LARGE_413,
                    "the body is larger than " + MAX_BODY_BYTES + " bytes");
            return;
        }
        String name;
        Map<String, String> args = new LinkedHashMap<>();
        try {
            JsonObject body = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
            name = body.has("name") ? body.get("name").getAsString() : null;
            if (body.has("args") && !body.get("args").isJsonNull()) {
                for (Map.Entry<String, JsonElement> arg : body.getAsJsonObject("args").entrySet()) {
                    args.put(arg.getKey(), arg.getValue().getAsString());
                }
            }
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | ClassCastException e) {
            json.error(response, HttpStatus.BAD_REQUEST_400,
                    "body must be {\"name\": \"...\", \"args\": {\"key\": \"value\"}}");
            return;
        }
        try {
            json.write(response, HttpStatus.ACCEPTED_202, toJson(commands.create(bikeId, name, args)));
        } catch (IllegalArgumentException e) {
            json.error(response, HttpStatus.BAD_REQUEST_400, e.getMessage());
        } catch (TooManyCommandsException e) {
            json.error(response, TOO_MANY_REQUESTS_429, e.getMessage());
        }
    }

    /** 200 with the cancelled command (also when it was cancelled before); 409 when it already has a result. */
    private void cancel(String bikeId, String commandId, Response response) throws IOException {
        CommandService.Cancel outcome = commands.cancel(bikeId, commandId);
        CommandRecord command = commands.find(bikeId, commandId);
        if (outcome == CommandService.Cancel.NOT_FOUND || command == null) {
            json.error(response, HttpStatus.NOT_FOUND_404, "bike " + bikeId + " has no such command");
        } else if (outcome == CommandService.Cancel.CANCELLED || "cancelled".equals(command.state())) {
            json.ok(response, toJson(command));
        } else {
            json.error(response, HttpStatus.CONFLICT_409, "the command already has its result: " + command.state());
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
