package com.bikefleet.hardware.sim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads the track points ({@code trkpt}) or, if there are none, route points ({@code rtept}) of a GPX
 * file as a route to ride. The file may come from anywhere, so the parser refuses DOCTYPEs and never
 * fetches external entities or schemas.
 */
public final class GpxRoute {

    private GpxRoute() {
    }

    public static CityRoute read(Path file) throws IOException {
        Document document;
        try (InputStream in = Files.newInputStream(file)) {
            DocumentBuilder builder = safeFactory().newDocumentBuilder();
            // The default handler also prints "[Fatal Error] ..." to stderr; the exception says it once.
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
            document = builder.parse(in);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("GPX file " + file + " does not exist", e);
        } catch (SAXException e) {
            throw new IOException("GPX file " + file + " is not valid XML: " + e.getMessage(), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be made safe", e);
        }
        List<CityRoute.Point> points = points(document, "trkpt", file);
        if (points.isEmpty()) {
            points = points(document, "rtept", file);
        }
        if (points.size() < 2) {
            throw new IOException("GPX file " + file + " has " + points.size()
                    + " track or route points; a route needs at least 2");
        }
        return new CityRoute(points);
    }

    private static List<CityRoute.Point> points(Document document, String element, Path file) throws IOException {
        NodeList nodes = document.getElementsByTagNameNS("*", element);
        List<CityRoute.Point> points = new ArrayList<>(nodes.getLength());
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            try {
                double lat = Double.parseDouble(e.getAttribute("lat"));
                double lon = Double.parseDouble(e.getAttribute("lon"));
                if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
                    throw new NumberFormatException("out of range");
                }
                points.add(new CityRoute.Point(lat, lon));
            } catch (NumberFormatException ex) {
                throw new IOException("GPX file " + file + ": " + element + " " + (i + 1) + " has no valid lat/lon ("
                        + e.getAttribute("lat") + ", " + e.getAttribute("lon") + ")", ex);
            }
        }
        return points;
    }

    private static DocumentBuilderFactory safeFactory() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        return factory;
    }
}
