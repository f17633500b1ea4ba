package org.cityhub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Dependencies point inward: the case model knows no edge, the API knows no connector, nothing uses the demo. */
@AnalyzeClasses(packages = "org.cityhub", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule caseflowUsesNoOtherCapability = noClasses().that().resideInAPackage("org.cityhub.caseflow..")
            .should().dependOnClassesThat().resideInAnyPackage("org.cityhub.store..", "org.cityhub.connector..",
                    "org.cityhub.platform..", "org.cityhub.mapping..", "org.cityhub.demo..", "org.springframework..");

    @ArchTest
    static final ArchRule platformApiNeverImportsConnectors = noClasses().that().resideInAPackage("org.cityhub.platform..")
            .should().dependOnClassesThat().resideInAnyPackage("org.cityhub.connector..", "org.cityhub.demo..");

    @ArchTest
    static final ArchRule storeKnowsNoEdges = noClasses().that().resideInAPackage("org.cityhub.store..")
            .should().dependOnClassesThat().resideInAnyPackage("org.cityhub.connector..", "org.cityhub.platform..",
                    "org.cityhub.mapping..", "org.cityhub.demo..");

    @ArchTest
    static final ArchRule mappingKnowsNoEdges = noClasses().that().resideInAPackage("org.cityhub.mapping..")
            .should().dependOnClassesThat().resideInAnyPackage("org.cityhub.connector..", "org.cityhub.platform..",
                    "org.cityhub.store..", "org.cityhub.demo..");

    @ArchTest
    static final ArchRule nothingUsesTheDemo = noClasses().that().resideOutsideOfPackage("org.cityhub.demo..")
            .should().dependOnClassesThat().resideInAPackage("org.cityhub.demo..");
}
