package dev.infera.cli;

import dev.infera.text.Deprecations;
import dev.infera.workload.Scenario;
import dev.infera.workload.ScenarioBuilder;
import dev.infera.workload.ScenarioFile;
import dev.infera.workload.ScenarioSchema;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scenario flags shared by advise and report: -f FILE fills the builder first, flags override.
 * The flags are not declared here: {@link Flags} adds one per {@link ScenarioSchema} field (its
 * kebab-case name) and a hidden one per old spelling, so flags, YAML and Groovy cannot drift apart.
 */
public final class ScenarioOptions {
    @Option(names = {"-f", "--file"}, paramLabel = "SCENARIO.yaml", description = "Scenario file; flags given too override its fields.")
    Path file;

    /** The fields given as flags and their values (Integer, Long, Double, String, List, Boolean), as picocli read them. */
    private final Map<ScenarioSchema.Field, Object> given = new HashMap<>();

    /**
     * The scenario, checked against the model's limits: a context beyond its maximum is an error
     * naming the limit, or with --extend-context a warning on {@code err}.
     */
    public Scenario scenario(dev.infera.catalog.Catalog catalog, java.io.PrintWriter err) {
        if (file != null) {
            ScenarioFileIds.check(file, catalog, given.keySet());
        }
        Scenario s = scenario();
        var model = catalog.model(s.workload().model());
        if (s.constraints().region() != null) {
            catalog.exportControls().region(s.constraints().region());
        }
        Limits.context(model, s.workload().contextTokens(), s.workload().contextExtension(), err);
        return s;
    }

    public Scenario scenario() {
        ScenarioBuilder b = file != null ? ScenarioFile.read(file) : new ScenarioBuilder();
        // In the schema's order, so that of two bad flags the same one is reported whatever their order; the
        // procurement terms after the fields, as a file's procurement: block follows them.
        for (ScenarioSchema.Field field : all()) {
            Object value = given.get(field);
            if (value == null) {
                continue;
            }
            // The flag the user typed is named, not the field it fills.
            if (value instanceof Integer count) {
                Limits.atLeast(field.flag(), count, field.type() == ScenarioSchema.Type.COUNT ? 0 : 1);
            }
            field.set(b, value, field.flag());
        }
        return b.build();
    }

    /** The scenario fields, then the procurement terms: every flag made from the schema. */
    private static List<ScenarioSchema.Field> all() {
        return java.util.stream.Stream.concat(ScenarioSchema.fields().stream(), ScenarioSchema.procurementFields().stream()).toList();
    }

    /**
     * Adds the scenario flags to a command that mixes in {@link ScenarioOptions}: one option per
     * schema field ({@code --max-usd-per-hour}) and a hidden one per old flag ({@code --budget-per-hour}),
     * which fills the same field and warns once.
     */
    public static final class Flags implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            ScenarioOptions target = spec.mixins().values().stream().map(CommandSpec::userObject)
                    .filter(ScenarioOptions.class::isInstance).map(ScenarioOptions.class::cast).findFirst()
                    .orElseThrow(() -> new IllegalStateException(spec.name() + " has no ScenarioOptions mixin"));
            for (ScenarioSchema.Field field : all()) {
                CommandLine.Model.OptionSpec declared = spec.findOption(field.flag());
                if (declared != null) {
                    // CommonOptions' --price, for commands without a scenario: here the scenario's field takes it,
                    // so the flag, YAML and Groovy fill the same place (the Advisor re-prices the catalog from it).
                    spec.remove(declared);
                }
                spec.addOption(option(field, field.flag(), target, null).build());
                for (ScenarioSchema.Alias alias : field.aliases()) {
                    if (alias.flag() != null) {
                        spec.addOption(option(field, alias.flag(), target, alias).hidden(true).build());
                    }
                }
            }
            return spec;
        }

        /** The field's meaning with its default: "Most GPUs per deployment (default: 16)." */
        private static String description(ScenarioSchema.Field field) {
            if (field.defaultText().isEmpty()) {
                return field.doc();
            }
            String doc = field.doc().endsWith(".") ? field.doc().substring(0, field.doc().length() - 1) : field.doc();
            return doc + " (default: " + field.defaultText() + ").";
        }

        private static OptionSpec.Builder option(ScenarioSchema.Field field, String name, ScenarioOptions target, ScenarioSchema.Alias alias) {
            OptionSpec.Builder o = OptionSpec.builder(name)
                    .description(description(field).replace("%", "%%"))
                    .getter(new CommandLine.Model.IGetter() {
                        @Override
                        @SuppressWarnings("unchecked")
                        public <T> T get() {
                            return (T) target.given.get(field);
                        }
                    })
                    .setter(new CommandLine.Model.ISetter() {
                        @Override
                        public <T> T set(T value) {
                            if (value == null) {
                                target.given.remove(field);
                                return null;
                            }
                            if (alias != null) {
                                Deprecations.warnOnce(ScenarioSchema.oldName(name, field.flag(), alias.inverted()));
                            }
                            target.given.put(field, alias != null && alias.inverted() ? (Object) !((Boolean) value) : value);
                            return null;
                        }
                    });
            switch (field.type()) {
                case INT, COUNT -> o.type(Integer.class);
                case LONG -> o.type(Long.class);
                case NUMBER, SHARE -> o.type(Double.class);
                case TEXT, TARGET -> o.type(String.class);
                case IDS -> o.type(List.class).auxiliaryTypes(String.class).splitRegex(",");
                case QUOTES -> o.type(Map.class).auxiliaryTypes(String.class, String.class);
                case FLAG -> o.type(Boolean.class).arity("0");
            }
            if (!field.flagLabel().isEmpty()) {
                o.paramLabel(field.flagLabel());
            }
            if (field.fallback() != null) {
                o.arity("0..1").fallbackValue(field.fallback());
            }
            Iterable<String> ids = switch (field.ids()) {
                case MODEL -> new CatalogIds.Models();
                case KIND -> new CatalogIds.Kinds();
                case HARDWARE -> new CatalogIds.Hardware();
                case ENGINE -> new CatalogIds.Engines();
                case FORMAT -> new CatalogIds.Formats();
                case DEPLOYMENT -> new CatalogIds.Deployments();
                case REGION, NONE -> null;
            };
            if (ids != null) {
                o.completionCandidates(ids);
            }
            return o;
        }
    }
}
