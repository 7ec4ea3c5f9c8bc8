package dev.infera.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.infera.BadInputException;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Dependencies run one way (README, "Packages"): catalog <- workload <- physics <- plan <- rules <-
 * advice <- analysis <- report <- script | calibrate | ruletest | published <- cli. The four before cli are
 * siblings and do not use each other. text/ and the root package (BadInputException) are leaves
 * anyone may use; they use nothing of Infera's. No exceptions are listed.
 */
class LayersTest {
    // The compiled main classes only, from where they were compiled (scanning the class path takes ~15 s more).
    private static final JavaClasses MAIN = new ClassFileImporter().importPath(mainClasses());

    private static Path mainClasses() {
        try {
            return Path.of(BadInputException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** From the bottom up; a layer may use any layer before it. Names inside one entry are siblings. */
    private static final List<List<String>> ORDER = List.of(
            List.of("catalog"), List.of("workload"), List.of("physics"), List.of("sim"), List.of("plan"), List.of("rules"),
            List.of("advice"), List.of("analysis"), List.of("report"), List.of("script", "calibrate", "ruletest", "published"), List.of("cli"));

    @Test
    void packagesDependOnlyOnTheLayersBelowThem() {
        Architectures.LayeredArchitecture layers = Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (List<String> level : ORDER) {
            for (String name : level) {
                layers = layers.layer(name).definedBy("dev.infera." + name + "..");
            }
        }
        for (int i = 0; i < ORDER.size(); i++) {
            List<String> above = new ArrayList<>();
            ORDER.subList(i + 1, ORDER.size()).forEach(above::addAll);
            for (String name : ORDER.get(i)) {
                layers = above.isEmpty() ? layers.whereLayer(name).mayNotBeAccessedByAnyLayer()
                        : layers.whereLayer(name).mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
            }
        }
        layers.check(MAIN);
    }

    @Test
    void theLeafHelpersUseNothingOfInferas() {
        noClasses().that().resideInAnyPackage("dev.infera.text..", "dev.infera")
                .should().dependOnClassesThat().resideInAnyPackage(ORDER.stream().flatMap(List::stream).map(p -> "dev.infera." + p + "..").toArray(String[]::new))
                .check(MAIN);
    }

    @Test
    void physicsStaysFreeOfDroolsGroovyAndIo() {
        noClasses().that().resideInAPackage("dev.infera.physics..")
                .should().dependOnClassesThat().resideInAnyPackage("org.drools..", "org.kie..", "groovy..", "org.codehaus.groovy..", "java.io..", "java.nio.file..")
                .check(MAIN);
    }
}
