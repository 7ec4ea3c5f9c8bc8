package dev.infera.script;

import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.syntax.SyntaxException;

import java.util.Set;

/**
 * Refuses, when a script compiles, a call that would end the JVM (System.exit, Runtime.halt ...):
 * Infera would stop with the script's code and no message, and an output being written would be
 * cut short. The script's author is told at the line, with the code it would have exited with.
 */
final class NoExit extends CompilationCustomizer {
    private static final Set<String> ENDS_THE_JVM = Set.of("exit", "halt");

    NoExit() {
        super(CompilePhase.SEMANTIC_ANALYSIS);
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        new ClassCodeVisitorSupport() {
            @Override
            protected SourceUnit getSourceUnit() {
                return source;
            }

            @Override
            public void visitMethodCallExpression(MethodCallExpression call) {
                Expression receiver = call.getObjectExpression();
                boolean onSystem = receiver instanceof ClassExpression c && isSystemOrRuntime(c.getType());
                boolean onRuntime = receiver instanceof MethodCallExpression inner && "getRuntime".equals(inner.getMethodAsString())
                        && inner.getObjectExpression() instanceof ClassExpression c2 && isSystemOrRuntime(c2.getType());
                if ((onSystem || onRuntime) && ENDS_THE_JVM.contains(call.getMethodAsString())) {
                    refuse(call, receiver.getText() + "." + call.getMethodAsString() + call.getArguments().getText());
                }
                super.visitMethodCallExpression(call);
            }

            @Override
            public void visitStaticMethodCallExpression(StaticMethodCallExpression call) {
                if (isSystemOrRuntime(call.getOwnerType()) && ENDS_THE_JVM.contains(call.getMethod())) {
                    refuse(call, call.getOwnerType().getNameWithoutPackage() + "." + call.getMethod() + call.getArguments().getText());
                }
                super.visitStaticMethodCallExpression(call);
            }

            private void refuse(Expression call, String text) {
                source.addError(new SyntaxException("the script calls " + text.replace("java.lang.", "")
                        + ", which would end Infera without a message: return from the script, or throw an exception whose message says why",
                        call.getLineNumber(), call.getColumnNumber()));
            }
        }.visitClass(classNode);
    }

    private static boolean isSystemOrRuntime(ClassNode type) {
        String name = type.getName();
        return name.equals("java.lang.System") || name.equals("java.lang.Runtime");
    }
}
