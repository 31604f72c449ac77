package org.medsign.hub.ops.inspection;

import java.awt.image.BufferedImage;
import java.util.List;

import org.medsign.hub.ops.report.BarChart;

/**
 * The inspection report's chart: per system, the requests received and the failures (failed, dead-lettered,
 * rejected) in the inspection period, as grouped bars ({@link BarChart}). Labels are the system ids (ASCII).
 */
final class TrafficChart {

    /** One group of bars. */
    record Bar(String system, long received, long failed) {
    }

    static final int WIDTH = BarChart.WIDTH;

    private TrafficChart() {
    }

    static BufferedImage draw(List<Bar> bars) {
        return BarChart.draw("Requests per system (received / failed)", bars.stream().map(Bar::system).toList(),
                List.of(new BarChart.Series("received", BarChart.PALETTE.get(0),
                                bars.stream().mapToLong(Bar::received).toArray()),
                        new BarChart.Series("failed / dead-lettered / rejected", BarChart.PALETTE.get(1),
                                bars.stream().mapToLong(Bar::failed).toArray())),
                "no traffic in the period");
    }

    static byte[] png(BufferedImage image) {
        return BarChart.png(image);
    }
}
