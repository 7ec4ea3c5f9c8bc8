package dev.infera.advice;

import dev.infera.TestCatalog;
import dev.infera.plan.Candidate;
import dev.infera.rules.RuleBase;
import dev.infera.workload.ScenarioBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rankings prefer the robust answer when they are otherwise close: of two candidates tied on the shown score,
 * the one that meets its latency targets even at the pessimistic end of its error band goes first, before
 * fewer GPUs decides, and the tie-break says so with the pessimistic numbers.
 */
class RobustTieBreakTest {
    private static final Advisor ADVISOR = new Advisor(TestCatalog.shipped(), RuleBase.load(Path.of("rules")));
    private static final Advice ADVICE = ADVISOR.advise(new ScenarioBuilder().model("llama-3-70b").kind("chat").context(8192).users(32)
            .gpus(List.of("h100-sxm-80g", "a100-sxm-80g", "l40s-48g")).build());

    @Test
    void ofTwoTiedCandidatesTheOneThatMeetsTheTargetsAtThePessimisticEndGoesFirstEvenWithMoreGpus() {
        List<Candidate> meeting = ADVICE.ranked().stream().map(Recommendation::candidate).filter(Candidate::isMeetsLatencyTargets).toList();
        Candidate atRisk = meeting.stream().filter(c -> !c.isMeetsLatencyTargetsAtPessimisticEnd()).findFirst()
                .orElseThrow(() -> new AssertionError("the scenario has a candidate that meets the targets only if the estimate is not pessimistic"));
        Candidate robust = meeting.stream().filter(c -> c.isMeetsLatencyTargetsAtPessimisticEnd() && c.getGpus() > atRisk.getGpus()).findFirst()
                .orElseThrow(() -> new AssertionError("the scenario has a robust candidate with more GPUs than " + ArchitectureLabel.of(atRisk)));

        RankOrder.Scored r = new RankOrder.Scored(robust, 80, robust.getGpus(), List.of());
        RankOrder.Scored a = new RankOrder.Scored(atRisk, 80, atRisk.getGpus(), List.of());
        assertTrue(RankOrder.ORDER.compare(r, a) < 0, "the robust candidate ranks first on a tied score");
        assertEquals(robust, new RankOrder(new RankOrder.Scored[] {a, r}).at(0).candidate(), "rank 1");
        // Not tied, the score decides: robustness only breaks ties.
        RankOrder.Scored ahead = new RankOrder.Scored(atRisk, 80.1, atRisk.getGpus(), List.of());
        assertTrue(RankOrder.ORDER.compare(ahead, r) < 0, "a higher shown score still wins");

        String decided = RankOrder.tieBreak(new Recommendation(1, robust, 80, List.of()), new Recommendation(2, atRisk, 80, List.of()));
        assertTrue(decided.startsWith("robustness"), decided);
        assertTrue(decided.contains(String.format(java.util.Locale.ROOT, "TPOT %.1f ms", robust.getTpotMsPessimistic())), decided);
        assertEquals(null, RankOrder.tieBreak(new Recommendation(1, atRisk, 80.1, List.of()), new Recommendation(2, robust, 80, List.of())),
                "no tie-break where the scores differ");
    }

    @Test
    void twoRobustCandidatesTiedOnScoreStillBreakByFewerGpus() {
        List<Candidate> robust = ADVICE.ranked().stream().map(Recommendation::candidate)
                .filter(Candidate::isMeetsLatencyTargetsAtPessimisticEnd).toList();
        Candidate few = robust.stream().min(java.util.Comparator.comparingInt(Candidate::getGpus)).orElseThrow();
        Candidate many = robust.stream().filter(c -> c.getGpus() > few.getGpus()).findFirst().orElseThrow();
        String decided = RankOrder.tieBreak(new Recommendation(1, few, 70, List.of()), new Recommendation(2, many, 70, List.of()));
        assertFalse(decided.startsWith("robustness"), decided);
        assertTrue(decided.startsWith("fewer GPUs"), decided);
    }
}
