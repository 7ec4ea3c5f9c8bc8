package dev.infera.physics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Owning against renting, on figures worked by hand: one DGX H100 (10.2 kW) bought for $250,000 against 8 rented H100s at $2.49. */
class OwnershipTest {
    private static final double PURCHASE = 250_000;
    private static final double NODE_KW = 10.2;
    private static final double HOURS = 730;

    @Test
    void straightLineDepreciationWithoutCostOfCapital() {
        // 250,000 / 60 months
        assertEquals(4_166.667, Ownership.capitalUsdPerMonth(PURCHASE, 0, 0, 60), 1e-3);
        assertEquals(0, Ownership.interestUsdPerMonth(PURCHASE, 0, 0), 0);
    }

    @Test
    void costOfCapitalIsInterestOnTheAverageCapitalTiedUp() {
        // (100,000 - 20,000) / 48 = 1,666.67 plus (100,000 + 20,000) / 2 x 6 % / 12 = 300
        assertEquals(1_966.667, Ownership.capitalUsdPerMonth(100_000, 20_000, 0.06, 48), 1e-3);
        assertEquals(300, Ownership.interestUsdPerMonth(100_000, 20_000, 0.06), 1e-9);
    }

    @Test
    void powerIsNodeKwAtUtilisationTimesPueTimesTariff() {
        // 10.2 kW x 1 x 1.56 x 730 h = 11,615.76 kWh; x $0.12 = $1,393.89
        double kwh = Ownership.energyKwhPerMonth(NODE_KW, 1, 1.56, HOURS);
        assertEquals(11_615.76, kwh, 1e-6);
        assertEquals(1_393.891, Ownership.powerUsdPerMonth(kwh, 0.12), 1e-3);
        // Half the month busy: half the energy.
        assertEquals(kwh / 2, Ownership.energyKwhPerMonth(NODE_KW, 0.5, 1.56, HOURS), 1e-9);
    }

    @Test
    void hostingAndSupport() {
        // 10.2 kW x $184.06 = $1,877.41; 10 % of 250,000 a year = $2,083.33 a month
        assertEquals(1_877.412, Ownership.hostingUsdPerMonth(NODE_KW, 184.06), 1e-3);
        assertEquals(2_083.333, Ownership.supportUsdPerMonth(PURCHASE, 0.10), 1e-3);
    }

    @Test
    void rentIsEveryHourOfTheMonth() {
        // 8 x $2.49 x 730 = $14,541.60
        assertEquals(14_541.6, Ownership.rentedUsdPerMonth(2.49, 8, HOURS), 1e-9);
    }

    @Test
    void breakEvenIsTheFirstMonthCumulativeOwnedIsAtMostRented() {
        // Running: 1,393.89 power + 1,877.41 hosting + 2,083.33 support = 5,354.64 a month;
        // saved against the rent 9,186.96 a month: 250,000 / 9,186.96 = 27.2 -> month 28.
        double running = 1_393.891 + 1_877.412 + 2_083.333;
        double month = Ownership.breakEvenMonth(PURCHASE, 14_541.6, running);
        assertEquals(28, month);
        assertTrue(Ownership.cumulativeOwnedUsd(PURCHASE, running, 28) <= Ownership.cumulativeRentedUsd(14_541.6, 28));
        assertTrue(Ownership.cumulativeOwnedUsd(PURCHASE, running, 27) > Ownership.cumulativeRentedUsd(14_541.6, 27));
    }

    @Test
    void buyingNeverPaysWhenRunningCostsAsMuchAsTheRent() {
        assertTrue(Double.isNaN(Ownership.breakEvenMonth(PURCHASE, 5_000, 5_000)));
        assertTrue(Double.isNaN(Ownership.breakEvenMonth(PURCHASE, 4_000, 5_000)));
    }

    @Test
    void tokensPerMillionAndPerKwh() {
        // 1,000 tokens/s half the month: 1,000 x 0.5 x 3,600 x 730 = 1.314e9 tokens; $9,521.30 / 1,314 M = $7.246
        double tokens = Ownership.tokensPerMonth(1_000, 0.5, HOURS);
        assertEquals(1.314e9, tokens, 1);
        assertEquals(7.2460, Ownership.usdPerMillionTokens(9_521.30, tokens), 1e-4);
        // 3.6 M tokens an hour over 10.2 kW x 1.56 = 15.912 kW of facility power: 226,244 tokens per kWh
        assertEquals(226_244.3, Ownership.tokensPerKwh(1_000, NODE_KW, 1.56), 0.1);
    }
}
