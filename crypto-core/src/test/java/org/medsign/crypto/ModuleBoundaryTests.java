package org.medsign.crypto;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** crypto-core stays framework-free: no Spring, no Camel, no JDBC. */
class ModuleBoundaryTests {

    @Test
    void cryptoCoreImportsNoFramework() {
        var classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.medsign.crypto");
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.camel..",
                "java.sql..", "jakarta..").check(classes);
    }
}
