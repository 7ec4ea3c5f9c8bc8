package dev.infera.text;

import dev.infera.catalog.LinkKind;
import dev.infera.workload.DeploymentChoice;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WordedTest {

    @Test
    void aWordFindsItsConstantAndAnUnknownWordFindsNone() {
        assertEquals(Optional.of(LinkKind.NVSWITCH), LinkKind.byId("nvswitch"));
        assertEquals(Optional.empty(), LinkKind.byId("NVSwitch"), "words are matched as files write them, lower case");
        assertEquals(Optional.of(DeploymentChoice.ANY), DeploymentChoice.byId("any"));
    }

    @Test
    void theWordsAreListedInDeclarationOrder() {
        assertEquals(java.util.List.of("datacenter", "workstation", "any"), DeploymentChoice.ids());
    }
}
