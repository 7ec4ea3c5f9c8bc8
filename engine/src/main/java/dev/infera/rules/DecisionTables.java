package dev.infera.rules;

import dev.infera.BadInputException;
import dev.infera.workload.Thresholds;
import org.drools.decisiontable.DecisionTableProviderImpl;
import org.kie.api.io.Resource;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.DecisionTableConfiguration;
import org.kie.internal.builder.DecisionTableInputType;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.io.ResourceFactory;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decision tables (*.drl.csv, *.drl.xls, *.drl.xlsx): the resource Drools needs (with the input
 * type set: Drools reads any table as XLS unless told otherwise), and the DRL each row becomes, so
 * that an error Drools reports at a line of that generated DRL can be told at the table's row.
 */
public final class DecisionTables {
    /** The comment the table compiler writes above each generated rule: "// rule values at A10, header at A5". */
    private static final Pattern ROW_COMMENT = Pattern.compile("//\\s*rule values at [A-Z]+(\\d+)");
    /** A generated rule's call that inserts a thresholds row: {@code insert(Thresholds.of($w, ttft, tpot, ...));}. */
    private static final Pattern THRESHOLDS_CALL = Pattern.compile("Thresholds\\.of\\(\\s*\\$?\\w+\\s*,([^)]*)\\)");
    /** An action cell's statement: {@code double maxCommShare = 0.25;} or {@code String ttft = "none";}. */
    private static final Pattern DECLARATION = Pattern.compile("^\\s*[\\w.]+\\s+(\\w+)\\s*=\\s*(\"[^\"]*\"|[^;]*?)\\s*;", Pattern.MULTILINE);
    private static final Pattern CELL = Pattern.compile("\\b[A-Z]{1,3}(\\d+)\\b|\\brow (\\d+)", Pattern.CASE_INSENSITIVE);

    private DecisionTables() {}

    public static boolean isTable(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".drl.csv") || lower.endsWith(".drl.xls") || lower.endsWith(".drl.xlsx");
    }

    static DecisionTableConfiguration configuration(String name) {
        DecisionTableConfiguration configuration = KnowledgeBuilderFactory.newDecisionTableConfiguration();
        String lower = name.toLowerCase(Locale.ROOT);
        configuration.setInputType(lower.endsWith(".csv") ? DecisionTableInputType.CSV
                : lower.endsWith(".xlsx") ? DecisionTableInputType.XLSX : DecisionTableInputType.XLS);
        return configuration;
    }

    /** The table as a DTABLE resource with its input type, ready for the KieFileSystem. */
    static Resource resource(Path file, byte[] bytes, String target) {
        Resource resource = ResourceFactory.newByteArrayResource(bytes);
        resource.setSourcePath(target);
        resource.setTargetPath(target);
        resource.setResourceType(ResourceType.DTABLE);
        resource.setConfiguration(configuration(file.getFileName().toString()));
        return resource;
    }

    /** The DRL the table generates; a table the compiler cannot read is a BadInputException at its row when known. */
    public static String drl(Path file, byte[] bytes) {
        try {
            String drl = new DecisionTableProviderImpl().loadFromResource(ResourceFactory.newByteArrayResource(bytes),
                    configuration(file.getFileName().toString()));
            if (drl == null || !drl.contains("rule ")) {
                throw new BadInputException(file + ": no rules in the table (a RuleSet row, then a RuleTable with CONDITION and ACTION columns)");
            }
            checkThresholdCells(file, drl);
            return drl;
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            String message = rootMessage(e);
            Matcher cell = CELL.matcher(message);
            int row = cell.find() ? Integer.parseInt(cell.group(1) != null ? cell.group(1) : cell.group(2)) : 0;
            throw BadInputException.at(file.toString(), row, "decision table: " + message);
        }
    }

    /**
     * Every row that inserts thresholds, checked cell by cell with the checks the row runs when inserted
     * ({@link Thresholds#CELLS}): a cell out of range or left empty is {@code file:ROW: message} when the
     * rules compile, before any scenario. Rows of other tables are Drools' to check.
     */
    static void checkThresholdCells(Path file, String drl) {
        String[] blocks = ROW_COMMENT.split(drl, -1);
        Matcher rows = ROW_COMMENT.matcher(drl);
        for (int i = 1; i < blocks.length && rows.find(); i++) {
            Matcher call = THRESHOLDS_CALL.matcher(blocks[i]);
            if (!call.find()) {
                continue;
            }
            int row = Integer.parseInt(rows.group(1));
            Map<String, String> cells = new HashMap<>();
            Matcher d = DECLARATION.matcher(blocks[i]);
            while (d.find()) {
                cells.put(d.group(1), d.group(2).replaceAll("^\"|\"$", ""));
            }
            List<String> arguments = List.of(call.group(1).trim().split("\\s*,\\s*"));
            List<Object> values = new java.util.ArrayList<>();
            for (int a = 0; a < Math.min(arguments.size(), Thresholds.CELLS.size()); a++) {
                Thresholds.Cell cell = Thresholds.CELLS.get(a);
                String text = cells.get(arguments.get(a));
                if (text == null) {
                    throw BadInputException.at(file.toString(), row, "thresholds table: the " + cell.what() + " cell is empty"
                            + (a < 2 ? " (write " + Thresholds.NO_TARGET + " for no target)" : ""));
                }
                try {
                    values.add(cell.read(text));
                } catch (BadInputException e) {
                    throw BadInputException.at(file.toString(), row, e.detail());
                }
            }
            if (values.size() == Thresholds.CELLS.size()) {
                try {
                    Thresholds.checkPoints(values);
                } catch (BadInputException e) {
                    throw BadInputException.at(file.toString(), row, e.detail());
                }
            }
        }
    }

    /** The table row that generated line {@code drlLine} of {@code drl}; 0 when the line is outside any rule. */
    public static int rowOf(String drl, int drlLine) {
        String[] lines = drl.split("\n", -1);
        for (int i = Math.min(drlLine, lines.length) - 1; i >= 0; i--) {
            Matcher m = ROW_COMMENT.matcher(lines[i]);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return 0;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return text.replaceAll("\\s+", " ").trim();
    }
}
