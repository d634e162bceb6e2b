package com.bikefleet.server.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.http.util.HttpStatus;

/**
 * The API's paths as templates ({@code /api/bikes/{id}/track}), each with the methods it answers. A path
 * no template matches is a 404, a known path asked with another method a 405 naming the allowed ones, both
 * as JSON: every request gets an answer of the API's own, never a handler's exception as a 500.
 */
final class RouteTable {

    /** What answers one method on one template; {@code params} holds the template's {@code {names}}. */
    @FunctionalInterface
    interface Action {
        void handle(Map<String, String> params, Request request, Response response) throws IOException;
    }

    private record Route(List<String> segments, Map<String, Action> actions) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final JsonResponses json;

    RouteTable(JsonResponses json) {
        this.json = json;
    }

    /** Adds {@code method} on {@code template}; segments in braces match any one non-empty segment. */
    RouteTable on(Method method, String template, Action action) {
        List<String> segments = segments(template);
        Route route = routes.stream().filter(r -> r.segments().equals(segments)).findFirst().orElseGet(() -> {
            Route added = new Route(segments, new LinkedHashMap<>());
            routes.add(added);
            return added;
        });
        route.actions().put(method.getMethodString(), action);
        return this;
    }

    void dispatch(Request request, Response response) throws IOException {
        String path = request.getRequestURI();
        List<String> segments = segments(path);
        for (Route route : routes) {
            Map<String, String> params = match(route.segments(), segments);
            if (params == null) {
                continue;
            }
            Action action = route.actions().get(request.getMethod().getMethodString());
            if (action == null) {
                String allowed = route.actions().keySet().stream().collect(Collectors.joining(", "));
                response.setHeader(Header.Allow, allowed);
                json.error(response, HttpStatus.METHOD_NOT_ALLOWED_405, "allowed here: " + allowed);
                return;
            }
            action.handle(params, request, response);
            return;
        }
        json.error(response, HttpStatus.NOT_FOUND_404, "no such resource");
    }

    private static Map<String, String> match(List<String> template, List<String> path) {
        if (template.size() != path.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String expected = template.get(i);
            String actual = path.get(i);
            if (expected.startsWith("{") && expected.endsWith("}")) {
                if (actual.isEmpty()) {
                    return null;
                }
                params.put(expected.substring(1, expected.length() - 1), actual);
            } else if (!expected.equals(actual)) {
                return null;
            }
        }
        return params;
    }

    /** The segments of a path; a trailing slash makes an empty last segment, so it matches no template. */
    private static List<String> segments(String path) {
        return List.of(path.substring(path.startsWith("/") ? 1 : 0).split("/", -1));
    }
}
