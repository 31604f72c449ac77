package org.medsign.hub.ops.inspection;

/**
 * One finding of an inspection (巡检发现): how grave, in which section, what was found and what to do.
 *
 * @param section the key of the {@link InspectionSection} it belongs to
 */
public record Finding(Level severity, String section, String finding, String advice) {

    /** The grade of a finding: 高 (act now), 中 (act before the next inspection), 低 (note). */
    public enum Level {
        HIGH("高"), MEDIUM("中"), LOW("低");

        private final String label;

        Level(String label) {
            this.label = label;
        }

        /** The Chinese label in the report. */
        public String label() {
            return label;
        }
    }
}
