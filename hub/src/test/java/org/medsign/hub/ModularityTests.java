package org.medsign.hub;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The hub's business modules (one top-level package each) stay free of cycles; only the edges (API, console, security) know HTTP. */
class ModularityTests {

    private static final JavaClasses HUB = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.medsign.hub");

    /** The business modules (top-level packages under org.medsign.hub). */
    static final List<String> MODULES = List.of("api", "consent", "console", "demo", "evidence", "integration", "jobs", "keys",
            "lifecycle", "mobile", "ops", "pki", "seal", "security", "signing");

    @Test
    void modulesHaveNoCycles() {
        slices().matching("org.medsign.hub.(*)..").should().beFreeOfCycles().check(HUB);
    }

    @Test
    void onlyTheEdgesKnowHttp() {
        noClasses().that().resideOutsideOfPackages("org.medsign.hub.api..", "org.medsign.hub.security..",
                        "org.medsign.hub.console..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "org.springframework.http..")
                .check(HUB);
    }

    @Test
    void noModuleReachesIntoAnotherModulesInternals() {
        for (String module : MODULES) {
            noClasses().that().resideOutsideOfPackage("org.medsign.hub." + module + "..")
                    .should().dependOnClassesThat().resideInAPackage("org.medsign.hub." + module + "..internal..")
                    .because("a module's internal package is only for that module")
                    .check(HUB);
        }
    }

    @Test
    void signingDoesNotDependOnTheEdges() {
        noClasses().that().resideInAPackage("org.medsign.hub.signing..").should().dependOnClassesThat()
                .resideInAnyPackage("org.medsign.hub.api..", "org.medsign.hub.security..", "org.medsign.hub.demo..")
                .check(HUB);
    }
}
