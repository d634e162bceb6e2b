package com.bikefleet.server.api;

import com.bikefleet.server.store.StoredFix;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glassfish.grizzly.http.server.Response;

/** {@code {"bikeId": ..., "fixes": [...], "next": ...}}: the fixes as on the wire plus outboxId and seq. */
final class TrackJson implements TrackWriter {

    private final Gson gson;

    TrackJson() {
        // Nulls kept: "next": null tells a client it has the last page. Fix fields are never null here.
        this.gson = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    }

    @Override
    public String contentType() {
        return "application/json";
    }

    @Override
    public void write(TrackPage page, Response response) throws IOException {
        List<Map<String, Object>> fixes = new ArrayList<>(page.fixes().size());
        for (StoredFix stored : page.fixes()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("outboxId", stored.outboxId());
            row.put("seq", stored.seq());
            row.putAll(BikesApi.fixJson(stored.fix()));
            fixes.add(row);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("bikeId", page.bikeId());
        body.put("fixes", fixes);
        body.put("next", page.next());
        response.getWriter().write(gson.toJson(body));
    }
}
