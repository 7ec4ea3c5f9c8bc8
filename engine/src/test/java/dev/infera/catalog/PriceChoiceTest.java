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
}
