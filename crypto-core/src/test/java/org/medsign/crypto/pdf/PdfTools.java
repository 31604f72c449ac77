package org.medsign.crypto.pdf;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Assumptions;
import org.medsign.crypto.interop.Openssl;

/** qpdf, pdfsig and pdftoppm from the command line; tests skip, with a message, where a tool is absent. */
public final class PdfTools {

    private PdfTools() {
    }

    /** Skips the calling test unless {@code tool} runs. */
    public static void assumeTool(String tool, String versionFlag) {
        boolean present;
        try {
            present = Openssl.exec(Path.of("."), Map.of(), List.of(tool, versionFlag)).exit() == 0;
        } catch (RuntimeException e) {
            present = false;
        }
        if (!present) {
            System.err.println("SKIPPED: " + tool + " not found");
        }
        Assumptions.assumeTrue(present, tool + " not found: test skipped");
    }

    public static Openssl.Result qpdfCheck(Path pdf) {
        assumeTool("qpdf", "--version");
        return Openssl.exec(pdf.getParent(), Map.of(), List.of("qpdf", "--check", pdf.toString()));
    }

    public static Openssl.Result pdfsig(Path pdf) {
        assumeTool("pdfsig", "-v");
        return Openssl.exec(pdf.getParent(), Map.of(), List.of("pdfsig", "-nocert", pdf.toString()));
    }

    /** Renders page {@code page} (1-based) at 72 dpi, so one pixel is one point. */
    public static BufferedImage render(Path pdf, int page) {
        assumeTool("pdftoppm", "-v");
        Path prefix = pdf.resolveSibling(pdf.getFileName() + "-p" + page);
        Openssl.exec(pdf.getParent(), Map.of(), List.of("pdftoppm", "-r", "72", "-png", "-singlefile", "-f",
                String.valueOf(page), "-l", String.valueOf(page), pdf.toString(), prefix.toString())).ok();
        try {
            return ImageIO.read(Files.newInputStream(Path.of(prefix + ".png")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps a rendering in the directory named by -Dmedsign.screenshots / MEDSIGN_SCREENSHOTS (docs/images). */
    public static void keepRendering(BufferedImage image, String name) {
        String directory = System.getProperty("medsign.screenshots", System.getenv("MEDSIGN_SCREENSHOTS"));
        if (directory != null && !directory.isBlank()) {
            try {
                Files.createDirectories(Path.of(directory));
                ImageIO.write(image, "png", Path.of(directory, name).toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Whether the pixel at PDF point (x, y) — origin bottom-left — of a 72 dpi rendering is (near) white. */
    public static boolean whiteAt(BufferedImage rendering, double x, double y) {
        int rgb = rendering.getRGB((int) Math.round(x), rendering.getHeight() - 1 - (int) Math.round(y));
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        return r > 240 && g > 240 && b > 240;
    }

    /** Whether the pixel at PDF point (x, y) is clearly red. */
    public static boolean redAt(BufferedImage rendering, double x, double y) {
        int rgb = rendering.getRGB((int) Math.round(x), rendering.getHeight() - 1 - (int) Math.round(y));
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        return r > 180 && g < 90 && b < 90;
    }
}
