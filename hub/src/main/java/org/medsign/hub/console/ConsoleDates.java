package org.medsign.hub.console;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/** Dates and times on console pages, in the hospital's time zone (templates call {@code @consoleDates}). */
@Component
public class ConsoleDates {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ConsoleLedgerController.HOSPITAL_ZONE);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd")
            .withZone(ConsoleLedgerController.HOSPITAL_ZONE);

    /** {@code yyyy-MM-dd HH:mm:ss}, or empty. */
    public String dateTime(Instant instant) {
        return instant == null ? "" : DATE_TIME.format(instant);
    }

    /** {@code yyyy-MM-dd}, or empty. */
    public String date(Instant instant) {
        return instant == null ? "" : DATE.format(instant);
    }

    /** The hospital's time zone. */
    public ZoneId zone() {
        return ConsoleLedgerController.HOSPITAL_ZONE;
    }
}
