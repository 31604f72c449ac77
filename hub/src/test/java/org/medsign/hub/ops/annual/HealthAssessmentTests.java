package org.medsign.hub.ops.annual;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The health score's rules, component by component, as docs/operations.md and the report print them. */
class HealthAssessmentTests {

    private static final AnnualReport.InspectionRun CLEAN = new AnnualReport.InspectionRun(7, Instant.EPOCH, "sysadmin",
            0, 0, 3);

    private static HealthAssessment.Inputs perfect() {
        return new HealthAssessment.Inputs(99.95, 100.0, 0.1, 4, 4, CLEAN, 10, 0, 0, true, 0);
    }

    private static Map<String, Double> points(AnnualReport.HealthScore score) {
        return score.components().stream().collect(Collectors.toMap(AnnualReport.Component::key,
                AnnualReport.Component::points));
    }

    @Test
    void aYearWithoutBlemishScoresOneHundredAndExcellent() {
        AnnualReport.HealthScore score = HealthAssessment.score(perfect());
        assertThat(score.score()).isEqualTo(100);
        assertThat(score.grade()).isEqualTo("优秀");
        assertThat(score.components()).extracting(AnnualReport.Component::max).containsExactly(30, 20, 15, 5, 10, 10,
                10);
        assertThat(score.method()).contains("满分 100");
    }

    @Test
    void availabilityIsLinearBetween99And99Point9() {
        assertThat(points(HealthAssessment.score(with(99.45, 100.0, 0.1, 4, CLEAN, 10, 0, 0, true, 0)))
                .get("availability")).isEqualTo(15.0);
        assertThat(points(HealthAssessment.score(with(98.0, 100.0, 0.1, 4, CLEAN, 10, 0, 0, true, 0)))
                .get("availability")).isZero();
        assertThat(points(HealthAssessment.score(with(null, 100.0, 0.1, 4, CLEAN, 10, 0, 0, true, 0)))
                .get("availability")).isEqualTo(30.0);
    }

    @Test
    void slaAndErrorRateScaleTheirPoints() {
        Map<String, Double> points = points(HealthAssessment.score(with(99.95, 50.0, 2.75, 4, CLEAN, 10, 0, 0, true,
                0)));
        assertThat(points.get("sla")).isEqualTo(10.0);
        assertThat(points.get("errorRate")).isEqualTo(7.5);
        assertThat(points(HealthAssessment.score(with(99.95, null, null, 4, CLEAN, 10, 0, 0, true, 0))))
                .containsEntry("sla", 20.0).containsEntry("errorRate", 15.0);
    }

    @Test
    void inspectionsCountTheirNumberAndTheLatestFindings() {
        AnnualReport.InspectionRun findings = new AnnualReport.InspectionRun(9, Instant.EPOCH, "sysadmin", 2, 1, 0);
        Map<String, Double> points = points(HealthAssessment.score(with(99.95, 100.0, 0.1, 2, findings, 10, 0, 0,
                true, 0)));
        assertThat(points.get("inspectionsDone")).isEqualTo(2.5);
        assertThat(points.get("findings")).isEqualTo(1.0);
        assertThat(points(HealthAssessment.score(with(99.95, 100.0, 0.1, 0, null, 10, 0, 0, true, 0))))
                .containsEntry("inspectionsDone", 0.0).containsEntry("findings", 0.0);
    }

    @Test
    void certificatesAndTheAuditChainLosePointsForFailuresAndGaps() {
        Map<String, Double> points = points(HealthAssessment.score(with(99.95, 100.0, 0.1, 4, CLEAN, 3, 1, 2, true,
                1)));
        assertThat(points.get("certificates")).isEqualTo(3.5);
        assertThat(points.get("auditChain")).isEqualTo(5.0);
        assertThat(points(HealthAssessment.score(with(99.95, 100.0, 0.1, 4, CLEAN, 0, 0, 9, false, 0))))
                .containsEntry("certificates", 0.0).containsEntry("auditChain", 0.0);
    }

    @Test
    void gradesFollowTheScore() {
        assertThat(HealthAssessment.grade(90)).isEqualTo("优秀");
        assertThat(HealthAssessment.grade(89)).isEqualTo("良好");
        assertThat(HealthAssessment.grade(75)).isEqualTo("良好");
        assertThat(HealthAssessment.grade(74)).isEqualTo("一般");
        assertThat(HealthAssessment.grade(60)).isEqualTo("一般");
        assertThat(HealthAssessment.grade(59)).isEqualTo("较差");
    }

    private static HealthAssessment.Inputs with(Double availability, Double sla, Double errors, int inspections,
                                                AnnualReport.InspectionRun latest, int done, int failed, int uncovered,
                                                boolean intact, long auditFailures) {
        return new HealthAssessment.Inputs(availability, sla, errors, inspections, 4, latest, done, failed, uncovered,
                intact, auditFailures);
    }
}
