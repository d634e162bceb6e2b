package com.bikefleet.server.api;

import com.bikefleet.model.Fix;
import com.bikefleet.server.store.StoredFix;
import com.google.gson.Gson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.glassfish.grizzly.http.server.Response;

/**
 * RFC 7946 GeoJSON: a FeatureCollection holding one LineString feature for the page's path (only when it
 * has two fixes or more, as a LineString needs) followed by one Point feature per fix with its details as
 * properties. Coordinates are [lon, lat]; altitude stays a property, so every position has two numbers.
 */
final class TrackGeoJson implements TrackWriter {

    private final Gson gson;

    TrackGeoJson(Gson gson) {
        this.gson = gson;
    }

    @Override
    public String contentType() {
        return "application/geo+json";
    }

    @Override
    public void write(TrackPage page, Response response) throws IOException {
        List<Object> features = new ArrayList<>();
        if (page.fixes().size() >= 2) {
            List<double[]> line = new ArrayList<>(page.fixes().size());
            for (StoredFix stored : page.fixes()) {
                line.add(coordinates(stored.fix()));
            }
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("kind", "track");
            properties.put("bikeId", page.bikeId());
            properties.put("start", page.fixes().get(0).fix().time().toString());
            properties.put("end", page.fixes().get(page.fixes().size() - 1).fix().time().toString());
            properties.put("fixes", page.fixes().size());
            features.add(feature("LineString", line, properties));
        }
        for (StoredFix stored : page.fixes()) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("kind", "fix");
            properties.put("outboxId", stored.outboxId());
            properties.put("seq", stored.seq());
            properties.putAll(BikesApi.fixJson(stored.fix()));
            // Already in the geometry.
            properties.remove("lat");
            properties.remove("lon");
            features.add(feature("Point", coordinates(stored.fix()), properties));
        }
        Map<String, Object> collection = new LinkedHashMap<>();
        collection.put("type", "FeatureCollection");
        // Foreign members (RFC 7946 section 6.1): readers that don't know them ignore them.
        collection.put("bikeId", page.bikeId());
        if (page.next() != null) {
            collection.put("next", page.next());
        }
        collection.put("features", features);
        response.getWriter().write(gson.toJson(collection));
    }

    private static double[] coordinates(Fix fix) {
        return new double[] {fix.longitude(), fix.latitude()};
    }

    private static Map<String, Object> feature(String type, Object coordinates, Map<String, Object> properties) {
        Map<String, Object> geometry = new LinkedHashMap<>();
        geometry.put("type", type);
        geometry.put("coordinates", coordinates);
        Map<String, Object> feature = new LinkedHashMap<>();
        feature.put("type", "Feature");
        feature.put("geometry", geometry);
        feature.put("properties", properties);
        return feature;
    }
}
