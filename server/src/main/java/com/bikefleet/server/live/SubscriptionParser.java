package com.bikefleet.server.live;

import com.bikefleet.model.protocol.ProtocolCodes;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads a listener's message: {@code subscribe} (all, or bikeIds and/or bbox) or {@code unsubscribe}. */
final class SubscriptionParser {

    /** Large enough for a dashboard's selection, small enough that one message cannot cost much. */
    static final int MAX_BIKE_IDS = 10_000;

    Subscription parse(String text) throws LiveRequestException {
        JsonObject message;
        try {
            JsonElement parsed = JsonParser.parseString(text);
            if (!parsed.isJsonObject()) {
                throw malformed("a message must be a JSON object");
            }
            message = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw malformed("not valid JSON: " + e.getMessage());
        }
        String type = string(message, "type");
        if (type == null) {
            throw malformed("message is missing field 'type'");
        }
        return switch (type) {
            case "unsubscribe" -> new Subscription.None();
            case "subscribe" -> subscribe(message);
            default -> throw new LiveRequestException(ProtocolCodes.UNKNOWN_MESSAGE_TYPE,
                    "unknown message type '" + type + "'");
        };
    }

    private Subscription subscribe(JsonObject message) throws LiveRequestException {
        boolean all = message.has("all") && !message.get("all").isJsonNull();
        boolean ids = message.has("bikeIds") && !message.get("bikeIds").isJsonNull();
        boolean box = message.has("bbox") && !message.get("bbox").isJsonNull();
        if (all ? ids || box : !ids && !box) {
            throw malformed("'subscribe' needs 'all', or 'bikeIds' and/or 'bbox'");
        }
        if (all) {
            JsonElement value = message.get("all");
            if (!(value instanceof JsonPrimitive p) || !p.isBoolean() || !p.getAsBoolean()) {
                throw malformed("'all' must be true");
            }
            return new Subscription.All();
        }
        if (ids && box) {
            // An app following its own bike and the bikes around it: one listener, one queue.
            return new Subscription.Union(List.of(bikes(message.get("bikeIds")), box(message.get("bbox"))));
        }
        return ids ? bikes(message.get("bikeIds")) : box(message.get("bbox"));
    }

    private Subscription bikes(JsonElement value) throws LiveRequestException {
        if (!value.isJsonArray() || value.getAsJsonArray().size() > MAX_BIKE_IDS) {
            throw malformed("'bikeIds' must be an array of at most " + MAX_BIKE_IDS + " strings");
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonElement id : value.getAsJsonArray()) {
            if (!(id instanceof JsonPrimitive p) || !p.isString()) {
                throw malformed("'bikeIds' must hold only strings");
            }
            out.add(p.getAsString());
        }
        return new Subscription.Bikes(out);
    }

    private Subscription box(JsonElement value) throws LiveRequestException {
        if (!value.isJsonArray() || value.getAsJsonArray().size() != 4) {
            throw malformed("'bbox' must be [minLon, minLat, maxLon, maxLat]");
        }
        JsonArray array = value.getAsJsonArray();
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            if (!(array.get(i) instanceof JsonPrimitive p) || !p.isNumber()) {
                throw malformed("'bbox' must hold four numbers");
            }
            v[i] = p.getAsDouble();
        }
        if (!(v[0] >= -180 && v[0] <= v[2] && v[2] <= 180 && v[1] >= -90 && v[1] <= v[3] && v[3] <= 90)) {
            throw malformed("'bbox' must have -180 <= minLon <= maxLon <= 180 and -90 <= minLat <= maxLat <= 90");
        }
        return new Subscription.Box(v[0], v[1], v[2], v[3]);
    }

    private static String string(JsonObject message, String field) throws LiveRequestException {
        JsonElement value = message.get(field);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!(value instanceof JsonPrimitive p) || !p.isString()) {
            throw malformed("'" + field + "' must be a string");
        }
        return p.getAsString();
    }

    private static LiveRequestException malformed(String problem) {
        return new LiveRequestException(ProtocolCodes.MALFORMED_FRAME, problem);
    }
}
