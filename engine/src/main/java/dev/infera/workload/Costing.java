package dev.infera.workload;

import dev.infera.BadInputException;
import dev.infera.catalog.Catalog;
import dev.infera.catalog.Server;
import dev.infera.text.Ids;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Where a scenario meets the catalog's procurement defaults: its terms resolved, its quotes checked against the catalog's ids. */
public final class Costing {
    private Costing() {}

    /** {@code scenario} with its procurement terms over the catalog's defaults (unchanged if already resolved). */
    public static Scenario resolve(Scenario scenario, Catalog catalog) {
        Constraints c = scenario.constraints();
        if (c.terms() != null) {
            return scenario;
        }
        for (String id : c.procurement().quotesUsd().keySet()) {
            if (!catalog.hasServer(id) && !catalog.hasGpu(id)) {
                throw new BadInputException("quote for " + Ids.unknown("server or gpu", id,
                        Stream.concat(catalog.serverIds().stream(), catalog.gpuIds().stream()).toList()));
            }
        }
        ProcurementTerms terms = ProcurementTerms.resolve(c.procurement(), catalog.procurementDefaults(),
                catalog.assumptions().hoursPerMonth(), wholeNodes(catalog));
        return new Scenario(scenario.name(), scenario.workload(), c.withTerms(terms));
    }

    /** For each cloud VM slice, the node one buys instead: the largest catalog node of the same GPU that can be bought. */
    static Map<String, Server> wholeNodes(Catalog catalog) {
        Map<String, Server> whole = new LinkedHashMap<>();
        for (Server slice : catalog.getServers()) {
            if (slice.facts().rentedOnly()) {
                catalog.getServers().stream()
                        .filter(s -> s.gpu().equals(slice.gpu()) && !s.facts().rentedOnly())
                        .max(Comparator.comparingInt(Server::gpus))
                        .ifPresent(s -> whole.put(slice.id(), s));
            }
        }
        return whole;
    }
}
