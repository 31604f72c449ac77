package org.medsign.hub.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/**
 * Draws the demo hospital's seal pictures with Java2D on a transparent background: a round red seal (outer ring, a
 * five-pointed star, the unit's name along the upper arc, a line of text under the star) and a personal signature
 * (the name in an italic serif). Demo artwork only; real seals are uploaded as the hospital's registered 印模.
 */
final class SealDrawings {

    /** 300 dpi: 40 mm ≈ 472 px. */
    static final double PIXELS_PER_MM = 300 / 25.4;
    private static final Color SEAL_RED = new Color(0xD0, 0x10, 0x10);

    private SealDrawings() {
    }

    /** A round seal of {@code diameterMm}: {@code arcText} along the top, a star, {@code bottomText} under it. */
    static byte[] roundSeal(int diameterMm, String arcText, String bottomText) {
        int size = (int) Math.round(diameterMm * PIXELS_PER_MM);
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(SEAL_RED);
            float ring = size * 0.035f;
            g.setStroke(new BasicStroke(ring));
            g.drawOval(Math.round(ring), Math.round(ring), Math.round(size - 2 * ring), Math.round(size - 2 * ring));
            double c = size / 2.0;
            g.fill(star(c, c, size * 0.16, size * 0.064));
            Font font = new Font(Font.SERIF, Font.BOLD, Math.round(size * 0.12f));
            g.setFont(font);
            FontMetrics metrics = g.getFontMetrics();
            double radius = c - ring * 2 - metrics.getAscent();
            int n = arcText.codePointCount(0, arcText.length());
            double spread = Math.toRadians(Math.min(240, 32 * n));
            double step = n > 1 ? spread / (n - 1) : 0;
            double angle = -Math.PI / 2 - spread / 2;
            int[] codePoints = arcText.codePoints().toArray();
            for (int cp : codePoints) {
                String ch = new String(Character.toChars(cp));
                AffineTransform saved = g.getTransform();
                g.translate(c + radius * Math.cos(angle), c + radius * Math.sin(angle));
                g.rotate(angle + Math.PI / 2);
                g.drawString(ch, -metrics.stringWidth(ch) / 2f, 0);
                g.setTransform(saved);
                angle += step;
            }
            if (bottomText != null && !bottomText.isEmpty()) {
                Font small = new Font(Font.SERIF, Font.BOLD, Math.round(size * 0.085f));
                g.setFont(small);
                FontMetrics m = g.getFontMetrics();
                g.drawString(bottomText, (float) (c - m.stringWidth(bottomText) / 2.0), (float) (c + size * 0.3));
            }
        } finally {
            g.dispose();
        }
        return png(image);
    }

    /** A personal signature image {@code widthMm} × {@code heightMm}: the name, centred. */
    static byte[] signature(String name, int widthMm, int heightMm) {
        int w = (int) Math.round(widthMm * PIXELS_PER_MM);
        int h = (int) Math.round(heightMm * PIXELS_PER_MM);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(0x10, 0x10, 0x30));
            g.setFont(new Font(Font.SERIF, Font.BOLD | Font.ITALIC, Math.round(h * 0.6f)));
            FontMetrics m = g.getFontMetrics();
            g.drawString(name, (w - m.stringWidth(name)) / 2f, (h + m.getAscent() - m.getDescent()) / 2f);
            g.setStroke(new BasicStroke(h * 0.03f));
            g.drawLine(Math.round(w * 0.1f), Math.round(h * 0.85f), Math.round(w * 0.9f), Math.round(h * 0.8f));
        } finally {
            g.dispose();
        }
        return png(image);
    }

    private static Path2D star(double cx, double cy, double outer, double inner) {
        Path2D path = new Path2D.Double();
        for (int i = 0; i < 10; i++) {
            double r = i % 2 == 0 ? outer : inner;
            double a = -Math.PI / 2 + i * Math.PI / 5;
            double x = cx + r * Math.cos(a);
            double y = cy + r * Math.sin(a);
            if (i == 0) {
                path.moveTo(x, y);
            } else {
                path.lineTo(x, y);
            }
        }
        path.closePath();
        return path;
    }

    private static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
