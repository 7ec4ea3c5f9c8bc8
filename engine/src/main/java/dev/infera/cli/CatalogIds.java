package dev.infera.cli;

import dev.infera.catalog.Catalog;
import dev.infera.catalog.Engine;
import dev.infera.catalog.Format;

import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Catalog ids as picocli completion candidates (the shell completion script lists them). Picocli makes
 * one of these for each option when it builds the command line, on every run, so nothing is read until
 * the ids are asked for: only {@code infera completion} and help that shows them read the catalog.
 */
abstract class CatalogIds implements Iterable<String> {
    private final Function<Catalog, java.util.Collection<String>> ids;

    CatalogIds(Function<Catalog, java.util.Collection<String>> ids) {
        this.ids = ids;
    }

    @Override
    public Iterator<String> iterator() {
        try {
            return new TreeSet<>(ids.apply(Catalog.load(CommonOptions.defaultFolder("catalog")))).iterator();
        } catch (RuntimeException e) {
            // No catalog where the completion script is made: complete option names only.
            return List.<String>of().iterator();
        }
    }

    static final class Models extends CatalogIds {
        Models() { super(Catalog::modelIds); }
    }

    /** GPU and server ids: --gpus takes either. */
    static final class Hardware extends CatalogIds {
        Hardware() {
            super(c -> {
                TreeSet<String> all = new TreeSet<>(c.gpuIds());
                all.addAll(c.serverIds());
                return all;
            });
        }
    }

    /** Every id {@code catalog show} finds: GPUs, models, servers, interconnects, formats and engines. */
    static final class Entries extends CatalogIds {
        Entries() {
            super(c -> {
                TreeSet<String> all = new TreeSet<>(c.gpuIds());
                all.addAll(c.modelIds());
                all.addAll(c.serverIds());
                c.getInterconnects().forEach(i -> all.add(i.id()));
                c.getFormats().forEach(f -> all.add(f.id()));
                c.getEngines().forEach(e -> all.add(e.id()));
                return all;
            });
        }
    }

    static final class Formats extends CatalogIds {
        Formats() { super(c -> c.getFormats().stream().map(Format::id).toList()); }
    }

    static final class Engines extends CatalogIds {
        Engines() { super(c -> c.getEngines().stream().map(Engine::id).toList()); }
    }

    /** Fixed words, not catalog ids: scenario kinds and deployment kinds. */
    static final class Kinds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("chat", "rag", "offline", "agent").iterator();
        }
    }

    static final class Deployments implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("datacenter", "workstation", "any").iterator();
        }
    }
}
