package org.cityhub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Dependencies point inward: the case model knows no edge, the store and the mapping engine know no
 * connector or API, the API knows no connector (full fusion's intake is reached through the fusion
 * capability, which knows no API), call-outs know no API and connectors no call-outs, no capability
 * depends on ops (the operator's edge), nothing uses the demo. The ops console reads the hub through the
 * read side of its capabilities (store, onboarding, call-outs, case model, connector control, supervision) and changes nothing itself: an
 * operator's action goes from the browser through the public, audited API. Plain JUnit tests calling
 * {@code check()}, so that each rule is a reported test that fails the build when broken.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.cityhub");
    }

    @Test
    void caseflowUsesNoOtherCapability() {
        noClasses().that().resideInAPackage("org.cityhub.caseflow..")
                .should().dependOnClassesThat().resideInAnyPackage("org.cityhub.store..", "org.cityhub.connector..",
                        "org.cityhub.platform..", "org.cityhub.mapping..", "org.cityhub.demo..", "org.springframework..")
                .check(classes);
    }

    @Test
    void platformApiNeverImportsConnectors() {
        noClasses().that().resideInAPackage("org.cityhub.platform..")
                .should().dependOnClassesThat().resideInAnyPackage("org.cityhub.connector..", "org.cityhub.demo..")
                .check(classes);
    }

    @Test
    void storeKnowsNoEdges() {
        noClasses().that().resideInAPackage("org.cityhub.store..")
                .should().dependOnClassesThat().resideInAnyPackage("org.cityhub.connector..", "org.cityhub.platform..",
                        "org.cityhub.mapping..", "org.cityhub.demo..")
                .check(classes);
    }

    @Test
    void mappingKnowsNoEdges() {
        noClasses().that().resideInAPackage("org.cityhub.mapping..")
                .should().dependOnClassesThat().resideInAnyPackage("org.cityhub.connector..", "org.cityhub.platform..",
                        "org.cityhub.store..", "org.cityhub.demo..")
                .check(classes);
    }

    @Test
    void fusionKnowsNoApi() {
        noClasses().that().resideInAPackage("org.cityhub.fusion..")
                .should().dependOnClassesThat().resideInAnyPackage("org.cityhub.platform..", "org.cityhub.demo..")
                .check(classes);
    }

    @Test
    void calloutsKnowNoApi() {
        noClasses().that().resideInAPackage("org.cityhub.callout..")
                .should().dependOnClassesThat().resideInAnyPackage("org.cityhub.platform..", "org.cityhub.demo..")
                .check(classes);
    }

    @Test
    void connectorsKnowNoCallouts() {
        // the registry installs call-outs through DepartmentExtension, without knowing them
        noClasses().that().resideInAPackage("org.cityhub.connector..")
                .should().dependOnClassesThat().resideInAPackage("org.cityhub.callout..")
                .check(classes);
    }

    @Test
    void supervisionKnowsNoEdges() {
        noClasses().that().resideInAPackage("org.cityhub.supervision..")
                .should().dependOnClassesThat().resideInAnyPackage("org.cityhub.connector..", "org.cityhub.platform..",
                        "org.cityhub.mapping..", "org.cityhub.fusion..", "org.cityhub.demo..")
                .check(classes);
    }

    @Test
    void noCapabilityDependsOnOps() {
        // the console is no capability: it reads the ops read side (queues, dead letters), as consoleChangesNothingItself checks
        noClasses().that().resideOutsideOfPackages("org.cityhub.ops..", "org.cityhub.console..")
                .should().dependOnClassesThat().resideInAPackage("org.cityhub.ops..")
                .check(classes);
    }

    @Test
    void nothingUsesTheDemo() {
        noClasses().that().resideOutsideOfPackage("org.cityhub.demo..")
                .should().dependOnClassesThat().resideInAPackage("org.cityhub.demo..")
                .check(classes);
    }

    @Test
    void consoleReadsOnlyTheReadSideOfCapabilities() {
        noClasses().that().resideInAPackage("org.cityhub.console..")
                .should().dependOnClassesThat().resideInAnyPackage("org.cityhub.connector..", "org.cityhub.mapping..",
                        "org.cityhub.fusion..", "org.cityhub.platform..", "org.cityhub.demo..")
                .check(classes);
    }

    /** Method names that change state in the capabilities the console may read. */
    private static final Set<String> CHANGING = Set.of("act", "call", "save", "moveLifecycle", "record", "recordQueued",
            "apply", "raise", "start", "resume", "recordPage", "complete", "fail", "keepVerifiedReport", "refreshStoreSide",
            "install", "uninstall",
            // supervision: the keeper recomputes and saves lights (assess saves too), moves its feed position
            "assess", "catchUp", "sweep", "refreshGauge", "advance",
            // the ops package (queues, dead letters): the console only reads overview() and browse()
            "replay", "discard", "reload", "sample", "startSampling", "destroy");
    // control: ConnectorControl#act (pause, resume, resync) is "act" above; all, one and ConnectorValidation#validate read

    @Test
    void consoleChangesNothingItself() {
        DescribedPredicate<AccessTarget.MethodCallTarget> changing = DescribedPredicate.describe(
                "a state-changing method of the hub's capabilities", t -> t.getOwner().getPackageName().startsWith("org.cityhub.")
                        && !t.getOwner().getPackageName().startsWith("org.cityhub.console")
                        && CHANGING.contains(t.getName()));
        noClasses().that().resideInAPackage("org.cityhub.console..")
                .should().callMethodWhere(DescribedPredicate.describe("target is " + changing.getDescription(),
                        call -> changing.test(call.getTarget())))
                .check(classes);
    }

    @Test
    void nothingDependsOnTheConsole() {
        noClasses().that().resideOutsideOfPackage("org.cityhub.console..")
                .should().dependOnClassesThat().resideInAPackage("org.cityhub.console..")
                .check(classes);
    }
}
