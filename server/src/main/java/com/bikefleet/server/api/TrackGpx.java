package com.bikefleet.server.api;

import com.bikefleet.model.Fix;
import com.bikefleet.server.store.StoredFix;
import java.io.IOException;
import java.io.Writer;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.glassfish.grizzly.http.server.Response;

/**
 * GPX 1.1: one {@code trk} named after the bike with one {@code trkseg}, a {@code trkpt} per fix with
 * {@code ele} (when the altitude is known) and {@code time}. Written with the JDK's StAX writer so names and
 * text are escaped properly.
 */
final class TrackGpx implements TrackWriter {

    static final String NAMESPACE = "http://www.topografix.com/GPX/1/1";

    private final XMLOutputFactory factory = XMLOutputFactory.newFactory();

    @Override
    public String contentType() {
        return "application/gpx+xml";
    }

    @Override
    public void write(TrackPage page, Response response) throws IOException {
        Writer out = response.getWriter();
        try {
            XMLStreamWriter xml = factory.createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("gpx");
            xml.writeDefaultNamespace(NAMESPACE);
            xml.writeAttribute("version", "1.1");
            xml.writeAttribute("creator", "bikefleet");
            xml.writeStartElement("trk");
            element(xml, "name", page.bikeId());
            xml.writeStartElement("trkseg");
            for (StoredFix stored : page.fixes()) {
                Fix fix = stored.fix();
                xml.writeStartElement("trkpt");
                xml.writeAttribute("lat", Double.toString(fix.latitude()));
                xml.writeAttribute("lon", Double.toString(fix.longitude()));
                if (fix.altitude() != null) {
                    element(xml, "ele", Double.toString(fix.altitude()));
                }
                element(xml, "time", fix.time().toString());
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.flush();
        } catch (XMLStreamException e) {
            throw new IOException("writing GPX failed: " + e.getMessage(), e);
        }
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }
}
