package org.medsign.hub.mobile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.medsign.hub.QrDecoder;

/** The app's links, their QR codes and the QR settings (table-driven: ok/…, fail/…). */
class QrCodesTests {

    @Test
    void okLinksRoundTripThroughTheQrCode() {
        for (String link : new String[] {QrCodes.taskLink("https://sign.hospital.cn", 42),
                QrCodes.loginLink("http://10.1.2.3:8080", "0f8fad5b-d9cb-469f-a165-70867728950e")}) {
            byte[] png = QrCodes.png(link);
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            assertThat(QrDecoder.decode(png)).isEqualTo(link);
        }
        assertThat(QrCodes.taskLink("https://sign.hospital.cn", 42)).isEqualTo("https://sign.hospital.cn/m/?task=42");
    }

    @Test
    void failNoContentOrTooMuch() {
        assertThatThrownBy(() -> QrCodes.png("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QrCodes.png("x".repeat(513))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void okSettingsAreNormalisedAndDefaulted() {
        QrProperties defaults = new QrProperties(null, null);
        assertThat(defaults.publicUrl()).isNull();
        assertThat(defaults.loginChallengeValidity()).isEqualTo(Duration.ofMinutes(3));
        assertThat(new QrProperties(" https://sign.hospital.cn/ ", null).publicUrl())
                .isEqualTo("https://sign.hospital.cn");
        assertThat(new QrProperties("", Duration.ofMinutes(1)).publicUrl()).isNull();
        assertThat(new QrProperties("http://ward-pc:8080/hub", null).publicUrl()).isEqualTo("http://ward-pc:8080/hub");
    }

    @Test
    void failSettingsOutOfRange() {
        for (String url : new String[] {"ftp://x", "sign.hospital.cn", "https://x/?a=1", "https://x/#f"}) {
            assertThatThrownBy(() -> new QrProperties(url, null)).as(url)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("public-url");
        }
        for (Duration validity : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1), Duration.ofMinutes(31)}) {
            assertThatThrownBy(() -> new QrProperties(null, validity)).as(validity.toString())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("login-challenge-validity");
        }
    }
}
