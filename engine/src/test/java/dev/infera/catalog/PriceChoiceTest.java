package dev.infera.catalog;

import dev.infera.BadInputException;
import dev.infera.TestCatalog;
import dev.infera.TestFolders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --price chooses the kind of row a GPU-hour costs; --price-overlay puts a company's quotes over the catalog's. */
class PriceChoiceTest {
    @TempDir
    Path temp;

    private static final Catalog CATALOG = TestCatalog.shipped();

    @Test
    void everyRowSaysWhoQuotesItWhatKindAndWhen() {
        int rows = 0;
        for (Gpu gpu : CATALOG.getGpus()) {
            for (Price price : CATALOG.priceRows(gpu)) {
                rows++;
                assertNotNull(price.kind(), price.toString());
                assertFalse(price.provider() == null || price.provider().isBlank(), price.toString());
                assertFalse(price.asOf() == null || price.asOf().isBlank(), price.toString());
                assertFalse(price.source() == null || price.source().isBlank(), price.toString());
            }
        }
        assertTrue(rows >= 40, "price rows checked: " + rows);
    }

    @Test
    void spotCostsEachGpuAtItsCheapestSpotRow() {
        Gpu h100 = CATALOG.gpu("h100-sxm-80g");
        Catalog spot = CATALOG.withPriceKind(PriceKind.SPOT);
        double cheapestSpot = CATALOG.priceRows(h100).stream().filter(p -> p.kind() == PriceKind.SPOT)
                .mapToDouble(Price::usdPerGpuHour).min().orElseThrow();
        assertEquals(cheapestSpot, spot.price(h100).orElseThrow().usdPerGpuHour());
        // A GPU without a spot row has no price under --price spot, rather than another kind's
        Gpu t4 = CATALOG.gpu("t4-16g");
        assertTrue(CATALOG.priceRows(t4).stream().noneMatch(p -> p.kind() == PriceKind.SPOT));
        assertTrue(spot.price(t4).isEmpty());
    }

    @Test
    void ownedMeansTheAmortisedPurchaseRows() {
        assertEquals(PriceKind.PURCHASE, PriceKind.ofChoice("owned"));
        assertEquals(PriceKind.RESERVED_1Y, PriceKind.ofChoice("reserved"));
        Gpu rtx4090 = CATALOG.gpu("rtx-4090");
        assertEquals(PriceKind.PURCHASE, CATALOG.withPriceKind(PriceKind.PURCHASE).price(rtx4090).orElseThrow().kind());
    }

    @Test
    void anOverlayQuoteReplacesTheCatalogsRowsOfItsKind() throws IOException {
        Path overlay = TestFolders.copy(Path.of("docs/price-overlay-example"), temp);
        Catalog quoted = CATALOG.withPriceOverlay(overlay, null);
        Gpu h200 = CATALOG.gpu("h200-sxm-141g");
        assertEquals(2.60, quoted.price(h200).orElseThrow().usdPerGpuHour(), "the quote is the only on-demand H200 row left");
        assertEquals(1, quoted.priceRows(h200).stream().filter(p -> p.kind() == PriceKind.ON_DEMAND).count());
        // its spot rows stay
        assertEquals(CATALOG.priceRows(h200).stream().filter(p -> p.kind() == PriceKind.SPOT).count(),
                quoted.priceRows(h200).stream().filter(p -> p.kind() == PriceKind.SPOT).count());
        Gpu h100 = CATALOG.gpu("h100-sxm-80g");
        assertEquals(1.85, CATALOG.withPriceOverlay(overlay, PriceKind.RESERVED_3Y).price(h100).orElseThrow().usdPerGpuHour());
    }

    @Test
    void anOverlayRowWithoutAProviderNamesItsLine() throws IOException {
        Path overlay = TestFolders.copy(Path.of("docs/price-overlay-example"), temp);
        Path file = overlay.resolve("prices.yaml");
        Files.writeString(file, Files.readString(file).replaceFirst("    provider: \"Example Cloud Inc. \\(fictional\\)\"\n", ""));
        BadInputException e = assertThrows(BadInputException.class, () -> CATALOG.withPriceOverlay(overlay, null));
        assertTrue(e.getMessage().matches("prices\\.yaml:\\d+: .*provider.*"), e.getMessage());
    }

    @Test
    void anOverlayRowWhoseDateIsNotADateNamesItsLine() throws IOException {
        Path overlay = TestFolders.copy(Path.of("docs/price-overlay-example"), temp);
        Path file = overlay.resolve("prices.yaml");
        Files.writeString(file, Files.readString(file).replaceFirst("asOf: \"[0-9-]+\"", "asOf: \"last spring\""));
        BadInputException e = assertThrows(BadInputException.class, () -> CATALOG.withPriceOverlay(overlay, null));
        assertTrue(e.getMessage().matches("prices\\.yaml:\\d+: asOf 'last spring' is not a date.*"), e.getMessage());
    }

    @Test
    void aRentalRowIsStaleUndatedOrBeforeTheCutAndAPurchaseRowNever() {
        assertTrue(new Price("x", 2, "on-demand", "s", "undated", "p").stale());
        assertTrue(new Price("x", 2, "spot", "s", "2025-05-31", "p").stale());
        assertFalse(new Price("x", 2, "on-demand", "s", Price.STALE_BEFORE, "p").stale());
        assertFalse(new Price("x", 2, "reserved-1y", "s", "2026-03", "p").stale());
        assertFalse(new Price("x", 2, "purchase", "s", "n/a (computed)", "own purchase").stale());
        assertEquals("$2.49/GPU-hour on-demand, Lambda, undated, STALE", new Price("x", 2.49, "on-demand", "s", "undated", "Lambda").charged());
        assertEquals("$1.00/GPU-hour spot, P, 2024-11, STALE (before 2025-06)", new Price("x", 1, "cloud spot", "s", "2024-11", "P").charged());
    }

    @Test
    void aSpotRowAboveTheSameGpusOnDemandIsAWarningAtItsLine() throws IOException {
        // The shipped rows: MI300X's Crusoe spot ($1.71) is above TensorWave's on-demand ($1.50); H100's spot no longer is
        java.util.List<String> shipped = CATALOG.priceWarnings();
        assertTrue(shipped.stream().anyMatch(w -> w.matches("prices\\.yaml:\\d+: mi300x-192g \\$1\\.71/GPU-hour spot, Crusoe.*above its cheapest on-demand row, \\$1\\.50.*")),
                shipped.toString());
        assertTrue(shipped.stream().noneMatch(w -> w.contains("h100-sxm-80g")), shipped.toString());
        // A quote that puts H100 spot above its on-demand rows is warned about at the quote's line
        Path overlay = temp.resolve("spot-above");
        Files.createDirectories(overlay);
        Files.writeString(overlay.resolve("prices.yaml"), """
                prices:
                  - gpu: h100-sxm-80g
                    usdPerGpuHour: 9.5
                    kind: spot
                    source: "a test quote"
                    asOf: "2026-11"
                    provider: "Test Cloud"
                """);
        java.util.List<String> warnings = CATALOG.withPriceOverlay(overlay, null).priceWarnings();
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("prices.yaml:2: h100-sxm-80g $9.50/GPU-hour spot, Test Cloud, 2026-11")
                && w.contains(CATALOG.price(CATALOG.gpu("h100-sxm-80g"), PriceKind.ON_DEMAND).orElseThrow().charged())), warnings.toString());
    }
}
