package dev.infera.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.infera.text.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** advise says which prices.yaml row each costed GPU was charged: kind, provider, date, STALE when old, and the row's line. */
class AdvisePriceLineTest {
    private static final String[] POOL = {"advise", "--model", "llama-3-70b", "--scenario", "chat", "--context", "8192", "--users", "32",
            "--gpus", "h100-sxm-80g", "--top", "1", "--reasons", "1"};

    private static String[] with(String... more) {
        String[] args = java.util.Arrays.copyOf(POOL, POOL.length + more.length);
        System.arraycopy(more, 0, args, POOL.length, more.length);
        return args;
    }

    /** The row the shipped catalog charges an H100 SXM by default (the cheapest on-demand row), as advise prints it. */
    private static String chargedH100() {
        dev.infera.catalog.Catalog c = dev.infera.TestCatalog.shipped();
        return c.price(c.gpu("h100-sxm-80g")).orElseThrow().charged();
    }

    @Test
    void theDefaultChargesTheCheapestOnDemandRowWithItsProviderAndDate() {
        CliRun r = CliRun.of(POOL);
        assertEquals(0, r.code(), r.err());
        // Today RunPod's $2.69 of 2026-05-22; read from the catalog so a price update keeps the test about the printing
        String charged = chargedH100();
        assertTrue(charged.contains("on-demand") && !charged.contains("STALE"), charged);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+price\\s+h100-sxm-80g " + java.util.regex.Pattern.quote(charged) + " \\(prices\\.yaml:\\d+\\)")),
                r.out());
    }

    @Test
    void anUndatedQuoteChargedIsMarkedStale(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // An overlay's on-demand quote replaces the catalog's on-demand rows; undated, it is charged and printed STALE
        java.nio.file.Files.writeString(dir.resolve("prices.yaml"), """
                prices:
                  - gpu: h100-sxm-80g
                    usdPerGpuHour: 2.2
                    kind: on-demand
                    source: "a quote with no date"
                    asOf: undated
                    provider: "Test Cloud"
                """);
        CliRun r = CliRun.of(with("--price-overlay", dir.toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+price\\s+h100-sxm-80g \\$2\\.20/GPU-hour on-demand, Test Cloud, undated, STALE \\(.*prices\\.yaml:\\d+\\)")),
                r.out());
    }

    @Test
    void spotChargesTheSpotRowWithItsDateAndTheJsonCarriesTheSameRow() throws Exception {
        CliRun r = CliRun.of(with("--price", "spot"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+price\\s+h100-sxm-80g \\$0\\.81/GPU-hour spot, RunPod, 2026-03 \\(prices\\.yaml:\\d+\\)")),
                r.out());
        CliRun json = CliRun.of(with("--price", "spot", "--json"));
        assertEquals(0, json.code(), json.err());
        JsonNode charged = Json.mapper().readTree(json.out()).findValue("prices_charged").get(0);
        assertEquals("spot", charged.get("kind").asText());
        assertEquals(0.81, charged.get("usd_per_gpu_hour").asDouble());
        assertEquals("2026-03", charged.get("as_of").asText());
        assertEquals(false, charged.get("stale").asBoolean());
    }

    @Test
    void aGpuWithoutARowOfTheKindSaysSo() {
        CliRun r = CliRun.of(with("--price", "reserved-3y"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("price            none: prices.yaml has no row for h100-sxm-80g of the kind costed (--price)"), r.out());
    }

    @Test
    void aScenarioFilesPriceChoosesTheKindAndTheFlagOverridesIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("s.yaml"),
                "model: llama-3-70b\nscenario: chat\ncontext: 8192\nusers: 32\ngpus: [h100-sxm-80g]\nprice: spot\nprefixTokens: 0\n");
        CliRun yaml = CliRun.of("advise", "-f", file.toString(), "--top", "1", "--reasons", "1");
        assertEquals(0, yaml.code(), yaml.err());
        assertTrue(yaml.out().contains("price            h100-sxm-80g $0.81/GPU-hour spot, RunPod"), yaml.out());
        // 4 GPUs x $0.81 (whole prompts: the chat default's prefix cache would need 2): the hourly cost the score uses is the spot row's
        assertTrue(yaml.out().contains("$3.24 per hour to serve this load (4 GPUs)"), yaml.out());
        CliRun flag = CliRun.of("advise", "-f", file.toString(), "--price", "on-demand", "--top", "1", "--reasons", "1");
        assertTrue(flag.out().contains("price            h100-sxm-80g " + chargedH100()), flag.out());
    }
}
