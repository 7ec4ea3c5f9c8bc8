package dev.infera.advice;

import dev.infera.rules.Finding;
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
            List<Finding> findings = new ArrayList<>();
            int n = 1 + random.nextInt(9);
            for (int j = 0; j < n; j++) {
                // Objective parts (fractions of 20 or 40) mixed with rule penalties and bonuses.
                double points = random.nextInt(3) == 0 ? -random.nextInt(50) : random.nextDouble() * 40;
                findings.add(new Finding(0, "rule", "family", Finding.Severity.NOTE, points, "message"));
            }
            double expected = findings.stream().mapToDouble(Finding::points).sum();
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(Advisor.score(findings)),
                    () -> "points " + findings.stream().map(Finding::points).toList());
        }
    }
}
