package com.bikefleet.server.api;

import java.io.IOException;
import org.glassfish.grizzly.http.server.Response;

/** Writes a page of a track in one format; the status and the Link header are already set. */
interface TrackWriter {

    String contentType();

    void write(TrackPage page, Response response) throws IOException;
}
