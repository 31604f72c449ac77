package org.medsign.hub.seal;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Seal registry settings ({@code medsign.seal.*}).
 *
 * @param maxImageBytes   largest accepted PNG (default 524288, 512 KiB)
 * @param minPixels       smallest accepted width and height in pixels (default 64)
 * @param maxPixels       largest accepted width and height in pixels (default 2000)
 * @param minMm           smallest printed width and height in millimetres (default 5)
 * @param maxMm           largest printed width and height in millimetres (default 100)
 * @param ratioTolerance  how far the declared mm aspect ratio may differ from the pixel one (default 0.05, 5 %)
 * @param specialTypes    the special-purpose seal types a SPECIAL seal may have
 * @param validityDays    validity of a seal without {@code validUntil} (default 1095, three years)
 * @param pdfText         write the signer's name and the time under a seal on a PDF (default false)
 * @param pdfFont         the font (.ttf, or .ttc: its first font) for that text, embedded as a subset
 */
@ConfigurationProperties("medsign.seal")
public record SealProperties(@DefaultValue("524288") int maxImageBytes,
                             @DefaultValue("64") int minPixels,
                             @DefaultValue("2000") int maxPixels,
                             @DefaultValue("5") int minMm,
                             @DefaultValue("100") int maxMm,
                             @DefaultValue("0.05") double ratioTolerance,
                             @DefaultValue({"检验检查专用章", "病历专用章", "处方专用章", "体检专用章"}) List<String> specialTypes,
                             @DefaultValue("1095") int validityDays,
                             @DefaultValue("false") boolean pdfText,
                             @DefaultValue("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc") String pdfFont) {

    /** The defaults, for tests and tools. */
    public static SealProperties defaults() {
        return new SealProperties(524288, 64, 2000, 5, 100, 0.05,
                List.of("检验检查专用章", "病历专用章", "处方专用章", "体检专用章"), 1095, false,
                "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
    }
}
