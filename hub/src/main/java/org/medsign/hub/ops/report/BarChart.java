package org.medsign.hub.ops.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * The operations reports' charts, drawn with Java2D: grouped bars, one group per category (a system, a month, a
 * score component), one bar per series in each group, with a legend. Captions and labels are ASCII (system ids,
 * month numbers, English names), so no CJK font is needed in the chart; the report's Chinese title sits above it.
 */
public final class BarChart {

    /** One series: its name in the legend, its colour, and one value per category. */
    public record Series(String name, Color color, long[] values) {
    }

    public static final int WIDTH = 900;
    public static final int HEIGHT = 360;
    /** Colours for series in order (blue, red, green, orange, purple, teal, brown, grey). */
    public static final List<Color> PALETTE = List.of(new Color(0x2f, 0x6f, 0xb5), new Color(0xc8, 0x3a, 0x3a),
            new Color(0x3a, 0x9a, 0x4a), new Color(0xe0, 0x8a, 0x20), new Color(0x7a, 0x4a, 0xb0),
            new Color(0x20, 0x9a, 0x9a), new Color(0x8a, 0x5a, 0x3a), new Color(0x80, 0x80, 0x80));

    private BarChart() {
    }

    /** The chart; {@code empty} is written in the plot when there are no categories. */
    public static BufferedImage draw(String caption, List<String> categories, List<Series> series, String empty) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            int left = 70;
            int right = WIDTH - 20;
            int top = 40;
            int bottom = HEIGHT - 60;
            g.setColor(Color.DARK_GRAY);
            g.drawString(caption, left, 22);
            long max = 1;
            for (Series s : series) {
                for (long v : s.values()) {
                    max = Math.max(max, v);
                }
            }
            long step = niceStep(max);
            long ceiling = ((max + step - 1) / step) * step;
            g.setStroke(new BasicStroke(1f));
            for (long tick = 0; tick <= ceiling; tick += step) {
                int y = bottom - (int) ((bottom - top) * tick / (double) ceiling);
                g.setColor(new Color(0xe0, 0xe0, 0xe0));
                g.drawLine(left, y, right, y);
                g.setColor(Color.DARK_GRAY);
                String label = Long.toString(tick);
                g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), y + 5);
            }
            g.drawLine(left, bottom, right, bottom);
            if (categories.isEmpty()) {
                g.drawString(empty, left + 20, (top + bottom) / 2);
            }
            int groups = Math.max(1, categories.size());
            int slot = (right - left) / groups;
            int bars = Math.max(1, series.size());
            int bar = Math.max(3, Math.min(40, (slot * 2 / 3) / bars));
            boolean labels = bar >= 14;
            for (int i = 0; i < categories.size(); i++) {
                int x = left + i * slot + (slot - bars * bar) / 2;
                for (int s = 0; s < series.size(); s++) {
                    long value = i < series.get(s).values().length ? series.get(s).values()[i] : 0;
                    drawBar(g, x + s * bar, bar, bottom, top, value, ceiling, series.get(s).color(), labels);
                }
                g.setColor(Color.DARK_GRAY);
                String name = fit(g, categories.get(i), slot - 4);
                g.drawString(name, left + i * slot + (slot - g.getFontMetrics().stringWidth(name)) / 2, bottom + 18);
            }
            int x = left;
            for (Series s : series) {
                g.setColor(s.color());
                g.fillRect(x, HEIGHT - 28, 12, 12);
                g.setColor(Color.DARK_GRAY);
                g.drawString(s.name(), x + 18, HEIGHT - 17);
                x += 18 + g.getFontMetrics().stringWidth(s.name()) + 24;
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The chart as PNG bytes (for the HTML report's data URI). */
    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void drawBar(Graphics2D g, int x, int width, int bottom, int top, long value, long ceiling,
                                Color color, boolean label) {
        int height = (int) Math.round((bottom - top) * value / (double) ceiling);
        g.setColor(color);
        g.fillRect(x, bottom - height, Math.max(1, width - 2), height);
        if (label && value > 0) {
            g.setColor(Color.DARK_GRAY);
            String text = Long.toString(value);
            g.drawString(text, x + (width - g.getFontMetrics().stringWidth(text)) / 2, bottom - height - 4);
        }
    }

    /** {@code label}, cut and ended with '~' when wider than {@code width} pixels. */
    private static String fit(Graphics2D g, String label, int width) {
        if (g.getFontMetrics().stringWidth(label) <= width) {
            return label;
        }
        String cut = label;
        while (cut.length() > 1 && g.getFontMetrics().stringWidth(cut + "~") > width) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "~";
    }

    /** 1, 2 or 5 times a power of ten, about a fifth of {@code max}. */
    private static long niceStep(long max) {
        long raw = Math.max(1, max / 5);
        long power = 1;
        while (power * 10 <= raw) {
            power *= 10;
        }
        for (long m : new long[] {1, 2, 5, 10}) {
            if (m * power >= raw) {
                return m * power;
            }
        }
        return 10 * power;
    }
}
