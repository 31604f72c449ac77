package org.medsign.hub.api;

import org.medsign.adapters.model.ErrorCode;
import org.medsign.hub.mobile.QrCodes;
import org.medsign.hub.mobile.QrProperties;
import org.medsign.hub.security.SystemPrincipal;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The QR codes the hub hands to systems: the app's public base URL ({@code medsign.mobile.qr.public-url}, else the
 * scheme, host and port the calling system used) and the PNG answer, never cached.
 */
@Component
class QrImages {

    private final QrProperties properties;

    QrImages(QrProperties properties) {
        this.properties = properties;
    }

    /** The base the app's links start with, without a trailing slash. */
    String base() {
        if (properties.publicUrl() != null) {
            return properties.publicUrl();
        }
        return ServletUriComponentsBuilder.fromCurrentContextPath().replaceQuery(null).build().toUriString()
                .replaceAll("/+$", "");
    }

    /** A PNG answer of the QR code of {@code link}. */
    static ResponseEntity<byte[]> png(String link) {
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(CacheControl.noStore())
                .header("X-Medsign-Qr-Link", link).body(QrCodes.png(link));
    }

    /** The calling system; SYSTEM_REQUIRED (403) for anyone else. */
    static String requireSystem(SystemPrincipal system) {
        if (system == null) {
            throw new ApiException(ErrorCode.SYSTEM_REQUIRED, "QR codes are made for hospital systems (API key)");
        }
        return system.systemId();
    }
}
