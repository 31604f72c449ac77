package org.medsign.hub.ops.inspection;

import java.util.List;

/**
 * One section of an inspection: a stable key (JSON), a Chinese title (report) and what was collected, as label/value
 * items in the order they are reported.
 */
public record InspectionSection(String key, String title, List<Item> items) {

    /** One collected value. */
    public record Item(String label, String value) {
    }
}
