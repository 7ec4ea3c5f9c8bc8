package dev.infera.physics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Traffic growth against capacity, by hand: 32 users growing 5 % a month against a fleet of 48. */
class GrowthTest {
    @Test
    void loadCompoundsMonthly() {
        // 32 x 1.05^9 = 49.64
        assertEquals(49.643, Growth.loadAt(32, 0.05, 9), 1e-3);
        assertEquals(32, Growth.loadAt(32, 0.05, 0));
    }

    @Test
    void headroomIsTheLastMonthTheLoadStillFits() {
        // ln(48 / 32) / ln(1.05) = 8.31: month 8 fits (47.3), month 9 does not (49.6)
        assertEquals(8, Growth.monthsOfHeadroom(48, 32, 0.05));
        assertEquals(Double.POSITIVE_INFINITY, Growth.monthsOfHeadroom(48, 32, 0));
    }

    @Test
    void replicasForALoad() {
        assertEquals(3, Growth.replicasFor(49.64, 24));
        assertEquals(2, Growth.replicasFor(48, 24));
    }
}
