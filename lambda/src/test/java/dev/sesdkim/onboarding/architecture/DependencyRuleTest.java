package dev.sesdkim.onboarding.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The dependency rule (docs/architecture.md): the workflow knows no AWS, DNS library or Lambda type and none of the
 * adapters; an adapter does not reach into another (only the factory that assembles them names them all); and no
 * two packages depend on each other. Checked on the function's compiled classes, not its tests or tools.
 */
class DependencyRuleTest {

    private static final JavaClasses FUNCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("/test-classes/"))
            .importPackages("dev.sesdkim.onboarding");

    @Test
    void theWorkflowImportsNoAdapterAndNoSdkType() {
        noClasses().that().resideInAPackage("dev.sesdkim.onboarding")
                .should().dependOnClassesThat().resideInAnyPackage("dev.sesdkim.onboarding.aws..",
                        "dev.sesdkim.onboarding.dns..", "dev.sesdkim.onboarding.handler..", "software.amazon.awssdk..",
                        "org.xbill..", "com.amazonaws..", "software.amazon.lambda..")
                .check(FUNCTION);
    }

    @Test
    void adaptersDoNotImportEachOtherOnlyTheFactoryAssemblesThem() {
        noClasses().that().resideInAPackage("dev.sesdkim.onboarding.aws..")
                .and().doNotHaveSimpleName("AwsWorkflowFactory")
                .should().dependOnClassesThat().resideInAnyPackage("dev.sesdkim.onboarding.dns..", "dev.sesdkim.onboarding.handler..")
                .check(FUNCTION);
        noClasses().that().resideInAPackage("dev.sesdkim.onboarding.dns..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.sesdkim.onboarding.aws..", "dev.sesdkim.onboarding.handler..")
                .check(FUNCTION);
    }

    @Test
    void noPackagesDependOnEachOther() {
        slices().assignedFrom(PACKAGES).should().beFreeOfCycles().check(FUNCTION);
    }

    /** Each package of the function a slice, the workflow's (the root package) among them. */
    private static final SliceAssignment PACKAGES = new SliceAssignment() {
        private static final String ROOT = "dev.sesdkim.onboarding";

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass type) {
            String name = type.getPackageName();
            if (!name.startsWith(ROOT)) {
                return SliceIdentifier.ignore();
            }
            return SliceIdentifier.of(name.equals(ROOT) ? "workflow" : name.substring(ROOT.length() + 1).split("\\.")[0]);
        }

        @Override
        public String getDescription() {
            return "the function's packages";
        }
    };
}
