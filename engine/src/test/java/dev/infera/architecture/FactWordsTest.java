package dev.infera.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.infera.plan.Candidate;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The rules' fact carries properties, not a reader's wording (#13): labels are advice.ArchitectureLabel's. Candidate's text
 * is what rules read (JavaBean getters such as getLinkName, used in messages) and a grouping key; the plan package builds
 * no sentences.
 */
class FactWordsTest {
    private static final JavaClasses PLAN = new ClassFileImporter().importPackagesOf(Candidate.class);

    @Test
    void candidateReturnsTextOnlyAsRuleReadableProperties() {
        // architectureKey groups variants (AdviceText, SimulatedScreen); toString is for debugging.
        Set<String> allowed = Set.of("architectureKey", "toString");
        List<String> labels = Arrays.stream(Candidate.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) && m.getReturnType() == String.class)
                .map(Method::getName)
                .filter(name -> !name.startsWith("get") && !allowed.contains(name))
                .sorted().toList();
        assertEquals(List.of(), labels, "text methods on the fact that rules cannot read as properties: move them to advice.ArchitectureLabel");
    }

    @Test
    void thePlanPackageBuildsNoSentences() {
        noClasses().that().resideInAPackage("dev.infera.plan..").should().dependOnClassesThat().areAssignableTo(StringBuilder.class)
                .because("labels are composed in advice.ArchitectureLabel, not in the rules' facts")
                .check(PLAN);
    }
}
