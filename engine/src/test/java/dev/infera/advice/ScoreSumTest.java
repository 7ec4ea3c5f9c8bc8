package dev.infera.advice;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScoreSumTest {

    @Test
    void aScoreIsBitForBitTheSumDoubleStreamWouldGive() {
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            List<Double> points = new ArrayList<>();
            CompensatedSum sum = new CompensatedSum();
            int n = 1 + random.nextInt(9);
            for (int j = 0; j < n; j++) {
                // Objective parts (fractions of 20 or 40) mixed with rule penalties and bonuses.
                double p = random.nextInt(3) == 0 ? -random.nextInt(50) : random.nextDouble() * 40;
                points.add(p);
                sum.add(p);
            }
            double expected = points.stream().mapToDouble(Double::doubleValue).sum();
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(sum.total()), () -> "points " + points);
        }
    }
}
