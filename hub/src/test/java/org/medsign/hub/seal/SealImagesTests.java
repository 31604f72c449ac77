package org.medsign.hub.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SealImagesTests {

    private final SealImages images = new SealImages(SealProperties.defaults());

    @Test
    void takesThePhysicalSizeFromPhysWhenNoneIsDeclared() {
        byte[] png = SealPngs.withPhys(SealPngs.transparent(472, 472), 11811); // 300 dpi

        SealImages.Checked checked = images.check(png, null, null);

        assertThat(checked.widthPx()).isEqualTo(472);
        assertThat(checked.widthMm()).isEqualTo(40);
        assertThat(checked.heightMm()).isEqualTo(40);
    }

    @Test
    void declaredSizeWinsOverPhysAndMustMatchTheAspectRatio() {
        byte[] png = SealPngs.withPhys(SealPngs.transparent(300, 100), 11811);

        assertThat(images.check(png, 30.0, 10.0).widthMm()).isEqualTo(30);
        assertThatThrownBy(() -> images.check(png, 30.0, 30.0)).isInstanceOf(SealException.ImageInvalid.class)
                .hasMessage("the declared size 30.0x30.0 mm does not match the image's aspect ratio (300x100 pixels)");
    }

    @Test
    void refusesEachBadImageWithItsReason() {
        assertRefused(new byte[0], 40.0, 40.0, "the seal image is missing");
        assertRefused("GIF89a not a png at all, just text........".getBytes(), 40.0, 40.0,
                "the seal image is not a PNG (only PNG with transparency is accepted)");
        assertRefused(SealPngs.opaque(200, 200), 40.0, 40.0,
                "the seal image has no alpha channel: a seal must be a PNG with a transparent background");
        assertRefused(SealPngs.transparent(32, 32), 40.0, 40.0,
                "the seal image is 32x32 pixels; width and height must be between 64 and 2000 pixels");
        assertRefused(SealPngs.transparent(2100, 100), 40.0, 2.0,
                "the seal image is 2100x100 pixels; width and height must be between 64 and 2000 pixels");
        assertRefused(SealPngs.transparent(200, 200), null, null,
                "the seal image has no resolution (pHYs chunk): declare widthMm and heightMm");
        assertRefused(SealPngs.transparent(200, 200), 40.0, null,
                "declare both widthMm and heightMm, or neither (the PNG's pHYs resolution is used then)");
        assertRefused(SealPngs.transparent(200, 200), 200.0, 200.0,
                "the seal would print 200.0x200.0 mm; width and height must be between 5 and 100 mm");
        byte[] noise = SealPngs.noise(400, 400);
        assertRefused(noise, 40.0, 40.0, "the seal image is " + noise.length
                + " bytes, more than the limit of 524288 bytes");
    }

    private void assertRefused(byte[] png, Double widthMm, Double heightMm, String reason) {
        assertThatThrownBy(() -> images.check(png, widthMm, heightMm)).isInstanceOf(SealException.ImageInvalid.class)
                .hasMessage(reason);
    }
}
