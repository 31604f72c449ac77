package org.medsign.hub.ops.inspection;

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
 * The report's chart, drawn with Java2D: per system, the requests received and the failures (failed, dead-lettered,
 * rejected) in the inspection period, as grouped bars. Labels are the system ids (ASCII), so no CJK font is needed.
 */
final class TrafficChart {

    /** One group of bars. */
    record Bar(String system, long received, long failed) {
    }

    static final int WIDTH = 900;
    static final int HEIGHT = 360;
    private static final Color RECEIVED = new Color(0x2f, 0x6f, 0xb5);
    private static final Color FAILED = new Color(0xc8, 0x3a, 0x3a);

    private TrafficChart() {
    }

    static BufferedImage draw(List<Bar> bars) {
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
            g.drawString("Requests per system (received / failed)", left, 22);
            long max = Math.max(1, bars.stream().mapToLong(b -> Math.max(b.received(), b.failed())).max().orElse(1));
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
            if (bars.isEmpty()) {
                g.drawString("no traffic in the period", left + 20, (top + bottom) / 2);
            }
            int slot = bars.isEmpty() ? 0 : (right - left) / bars.size();
            int bar = Math.max(4, Math.min(40, slot / 3));
            for (int i = 0; i < bars.size(); i++) {
                Bar b = bars.get(i);
                int x = left + i * slot + (slot - 2 * bar) / 2;
                drawBar(g, x, bar, bottom, top, b.received(), ceiling, RECEIVED);
                drawBar(g, x + bar, bar, bottom, top, b.failed(), ceiling, FAILED);
                g.setColor(Color.DARK_GRAY);
                String name = b.system().length() > 14 ? b.system().substring(0, 13) + "~" : b.system();
                g.drawString(name, left + i * slot + (slot - g.getFontMetrics().stringWidth(name)) / 2, bottom + 18);
            }
            g.setColor(RECEIVED);
            g.fillRect(left, HEIGHT - 28, 12, 12);
            g.setColor(Color.DARK_GRAY);
            g.drawString("received", left + 18, HEIGHT - 17);
            g.setColor(FAILED);
            g.fillRect(left + 110, HEIGHT - 28, 12, 12);
            g.setColor(Color.DARK_GRAY);
            g.drawString("failed / dead-lettered / rejected", left + 128, HEIGHT - 17);
        } finally {
            g.dispose();
        }
        return image;
    }

    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void drawBar(Graphics2D g, int x, int width, int bottom, int top, long value, long ceiling,
                                Color color) {
        int height = (int) Math.round((bottom - top) * value / (double) ceiling);
        g.setColor(color);
        g.fillRect(x, bottom - height, width - 2, height);
        if (value > 0) {
            g.setColor(Color.DARK_GRAY);
            String label = Long.toString(value);
            g.drawString(label, x + (width - g.getFontMetrics().stringWidth(label)) / 2, bottom - height - 4);
        }
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
