package com.bikefleet.agent.link;

import com.bikefleet.model.protocol.Command;
import com.bikefleet.model.protocol.CommandResult;
import com.bikefleet.model.protocol.ResultStatus;
import com.bikefleet.model.protocol.ProtocolException;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * Turns away command frames the agent will not run, with a {@code failed} result the server stores. The
 * server resends a command without a result after every hello, so a command the agent only ignored would
 * come back on every connection; answering it closes it for good.
 */
final class CommandScreen {

    /**
     * The longest command frame the agent runs, in characters. The server's largest (a 500-character
     * notice, every character escaped) is about 3,100; docs/protocol.md section 2.6.
     */
    static final int MAX_COMMAND_FRAME_CHARS = 8 * 1024;
    /** Server ids are UUIDs; a longer one is not the server's, and is not worth echoing. */
    private static final int MAX_ID_CHARS = 128;
    private static final int MAX_REASON_CHARS = 200;

    private CommandScreen() {
    }

    /** A {@code failed} result when the decoded command is too large to run, else null. */
    static CommandResult tooLarge(Command command, String frame) {
        if (frame.length() <= MAX_COMMAND_FRAME_CHARS) {
            return null;
        }
        return new CommandResult(command.id(), ResultStatus.FAILED.wireName(), "command too large: " + frame.length()
                + " characters, the agent runs at most " + MAX_COMMAND_FRAME_CHARS);
    }

    /**
     * A {@code failed} result for a frame that did not decode but names itself a command with an id (for
     * example an argument that is not a string), else null: without an id there is nothing to answer.
     */
    static CommandResult invalid(String frame, ProtocolException problem) {
        JsonObject object;
        try {
            JsonElement parsed = JsonParser.parseString(frame);
            if (!parsed.isJsonObject()) {
                return null;
            }
            object = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            return null;
        }
        if (!isString(object.get("type")) || !"command".equals(object.get("type").getAsString())
                || !isString(object.get("id"))) {
            return null;
        }
        String id = object.get("id").getAsString();
        if (id.isEmpty() || id.length() > MAX_ID_CHARS) {
            return null;
        }
        String reason = "invalid command: " + problem.getMessage();
        return new CommandResult(id, ResultStatus.FAILED.wireName(),
                reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) + "..." : reason);
    }

    private static boolean isString(JsonElement element) {
        return element != null && element.isJsonPrimitive() && element.getAsJsonPrimitive().isString();
    }
}
