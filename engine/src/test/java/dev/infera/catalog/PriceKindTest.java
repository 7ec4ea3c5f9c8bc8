package dev.infera.catalog;

import dev.infera.TestCatalog;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** prices.yaml's kinds read in words (today's rows) or as ids (dated rows), and the cheapest row of a kind. */
class PriceKindTest {
    @Test
    void kindsInWordsAndAsIds() {
        assertEquals(PriceKind.ON_DEMAND, PriceKind.of("cloud on-demand"));
        assertEquals(PriceKind.ON_DEMAND, PriceKind.of("on-demand"));
        assertEquals(PriceKind.SPOT, PriceKind.of("cloud spot"));
        assertEquals(PriceKind.RESERVED_1Y, PriceKind.of("reserved-1y"));
        assertEquals(PriceKind.RESERVED_3Y, PriceKind.of("reserved 3y"));
        assertEquals(PriceKind.PURCHASE, PriceKind.of("amortised purchase"));
        assertFalse(PriceKind.PURCHASE.isRental());
        assertNull(PriceKind.of(null));
        assertNull(PriceKind.of("barter"));
    }

    @Test
    void theCheapestRowOfAKind() {
        Catalog c = TestCatalog.shipped();
        Gpu h100 = c.gpu("h100-sxm-80g");
        // prices.yaml has several on-demand rows for the H100 SXM (RunPod, Nebius, Lambda 1x and 8x, AWS) and spot rows below them
        java.util.List<Price> rows = c.priceRows(h100);
        Price onDemand = c.price(h100, PriceKind.ON_DEMAND).orElseThrow();
        Price spot = c.price(h100, PriceKind.SPOT).orElseThrow();
        assertEquals(PriceKind.ON_DEMAND, onDemand.kind());
        assertEquals(PriceKind.SPOT, spot.kind());
        assertTrue(rows.stream().filter(p -> p.kind() == PriceKind.ON_DEMAND).count() >= 3, rows.toString());
        assertTrue(rows.stream().filter(p -> p.kind() == PriceKind.ON_DEMAND).allMatch(p -> p.usdPerGpuHour() >= onDemand.usdPerGpuHour()), rows.toString());
        assertTrue(rows.stream().filter(p -> p.kind() == PriceKind.SPOT).allMatch(p -> p.usdPerGpuHour() >= spot.usdPerGpuHour()), rows.toString());
        // The kind is honoured: the spot row is cheaper than the on-demand one chosen, so a kind-blind minimum would pick it
        assertTrue(spot.usdPerGpuHour() < onDemand.usdPerGpuHour());
        // The charged default is a current row: undated H100 rows were replaced by dated ones (issue #17)
        assertFalse(onDemand.stale(), onDemand.toString());
        assertTrue(c.price(h100, PriceKind.RESERVED_3Y).isEmpty());
    }
}
