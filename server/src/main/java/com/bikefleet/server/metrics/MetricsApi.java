package com.bikefleet.server.metrics;

import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.http.util.HttpStatus;

/** {@code GET /metrics}: the Prometheus scrape. No token: it holds counts, not bike data. */
public final class MetricsApi extends HttpHandler {

    public static final String PATH = "/metrics";

    private final ServerMetrics metrics;

    public MetricsApi(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        if (!Method.GET.equals(request.getMethod())) {
            response.setStatus(HttpStatus.METHOD_NOT_ALLOWED_405);
            return;
        }
        response.setStatus(HttpStatus.OK_200);
        response.setContentType(metrics.contentType());
        metrics.writeTo(response.getOutputStream());
    }
}
