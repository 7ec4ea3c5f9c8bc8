package dev.infera.script;

import dev.infera.BadInputException;

/**
 * What a script's call to System.exit, Runtime.exit or Runtime.halt becomes when {@link NoExit} could not see it at compile
 * time ({@code def s = System; s.exit(5)}): Groovy dispatches such calls through the classes' metaclasses, which
 * {@link ScriptRunner} points here, so Infera stops with the script's line and the call instead of vanishing with its code.
 * Public only so that the metaclass closures can make one; Java code calling System.exit is not affected.
 */
public final class ScriptExit extends BadInputException {
    public ScriptExit(String call) {
        super("the script calls " + call + " at run time, which would end Infera without a message: return from the script,"
                + " or throw an exception whose message says why");
    }
}
