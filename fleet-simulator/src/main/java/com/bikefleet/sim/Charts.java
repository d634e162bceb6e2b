package com.bikefleet.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/** The report's PNG charts (XChart): latency, connections, throughput and the server over time. */
final class Charts {

    /** A vertical marker: an event such as the server's kill or restart, in seconds from the start. */
    record Marker(String label, double atSecond) {
    }

    private final List<Marker> markers;

    Charts(List<Marker> markers) {
        this.markers = markers;
    }

    /** One line per named series; points with a null y are left out. */
    void line(Path file, String title, String yTitle, double[] x, Map<String, Function<Integer, Double>> series)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(1200).height(500).title(title)
                .xAxisTitle("seconds since the run started").yAxisTitle(yTitle).build();
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        double yMax = 0;
        for (Map.Entry<String, Function<Integer, Double>> s : series.entrySet()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                Double y = s.getValue().apply(i);
                if (y != null && !y.isNaN()) {
                    xs.add(x[i]);
                    ys.add(y);
                    yMax = Math.max(yMax, y);
                }
            }
            if (xs.isEmpty()) {
                xs.add(0.0);
                ys.add(0.0);
            }
            chart.addSeries(s.getKey(), xs, ys).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        }
        for (Marker m : markers) {
            chart.addSeries(m.label(), new double[] {m.atSecond(), m.atSecond()}, new double[] {0, Math.max(1, yMax)})
                    .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        }
        String name = file.toString();
        BitmapEncoder.saveBitmap(chart, name.endsWith(".png") ? name.substring(0, name.length() - 4) : name,
                BitmapEncoder.BitmapFormat.PNG);
    }
}
