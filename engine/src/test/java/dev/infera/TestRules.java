package dev.infera;

import dev.infera.advice.Advisor;
import dev.infera.rules.RuleBase;

import java.nio.file.Path;

/**
 * The shipped rules/ folder, compiled once per test JVM (each network once, on first use), and the
 * advisor over it and the shipped catalog. A compiled rule base is immutable (every advice opens its
 * own session), so all tests may share it; a test that edits rules copies the folder and loads its own.
 */
public final class TestRules {
    public static final Path FOLDER = Path.of("rules");
    private static RuleBase nodes;
    private static RuleBase compiled;
    private static Advisor advisor;

    private TestRules() {}

    /** The shipped rules on Drools' node graph (what one advice uses). */
    public static synchronized RuleBase shipped() {
        if (nodes == null) {
            nodes = RuleBase.load(FOLDER, RuleBase.Network.NODES);
        }
        return nodes;
    }

    /** The shipped rules with the alpha network compiled (what sweeps use). */
    public static synchronized RuleBase shippedCompiled() {
        if (compiled == null) {
            compiled = RuleBase.load(FOLDER, RuleBase.Network.COMPILED);
        }
        return compiled;
    }

    /** One advisor over the shipped catalog and rules. */
    public static synchronized Advisor advisor() {
        if (advisor == null) {
            advisor = new Advisor(TestCatalog.shipped(), shipped());
        }
        return advisor;
    }
}
