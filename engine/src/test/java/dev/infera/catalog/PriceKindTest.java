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
        // prices.yaml has on-demand rows at 2.49, 3.78, 12.29 and 2.69 for the H100 SXM, and a spot row at 0.81
        assertEquals(2.49, c.price(h100, PriceKind.ON_DEMAND).orElseThrow().usdPerGpuHour());
        assertEquals(0.81, c.price(h100, PriceKind.SPOT).orElseThrow().usdPerGpuHour());
        assertTrue(c.price(h100, PriceKind.RESERVED_3Y).isEmpty());
        assertEquals(5, c.priceRows(h100).size());
    }
}
