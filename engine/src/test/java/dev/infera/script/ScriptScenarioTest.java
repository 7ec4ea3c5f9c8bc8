package dev.infera.script;

import dev.infera.workload.Scenario;
import dev.infera.workload.ScenarioBuilder;
import dev.infera.workload.ScenarioFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A Groovy scenario, a scenario YAML and the builder the CLI fills describe the same Scenario. */
class ScriptScenarioTest {
    @TempDir
    Path dir;

    @Test
    void chatScenarioInGroovyEqualsTheYamlAndTheBuilder() throws Exception {
        Object fromScript = ScriptFixture.run(dir, "chat.groovy", """
                scenario {
                    model 'llama-3-70b'
                    chat users: 32, context: 8192, ttft: 1.s, tpot: 50.ms
                    weights 'fp16', 'fp8'
                    gpus 'h100-sxm-80g', 'a100-sxm-80g'
                }
                """);
        Path yaml = dir.resolve("chat.yaml");
        Files.writeString(yaml, """
                model: llama-3-70b
                scenario: chat
                users: 32
                context: 8192
                ttft: 1000
                tpot: 50
                weights: [fp16, fp8]
                gpus: [h100-sxm-80g, a100-sxm-80g]
                """);
        Scenario fromYaml = ScenarioFile.read(yaml).build();
        Scenario fromBuilder = new ScenarioBuilder().model("llama-3-70b").kind("chat").users(32).context(8192).ttftMs(1000).tpotMs(50)
                .weights(List.of("fp16", "fp8")).gpus(List.of("h100-sxm-80g", "a100-sxm-80g")).build();
        assertEquals(fromYaml, fromScript);
        assertEquals(fromBuilder, fromScript);
    }

    @Test
    void offlineJobWithDeadlineInHoursEqualsTheYaml() throws Exception {
        Object fromScript = ScriptFixture.run(dir, "offline.groovy", """
                scenario {
                    name 'nightly'
                    model 'qwen2.5-72b'
                    offline documents: 100_000, deadline: 10.h, input: 3500, output: 512
                    maxGpus 8
                    deployment 'any'
                }
                """);
        Path yaml = dir.resolve("offline.yaml");
        Files.writeString(yaml, """
                name: nightly
                model: qwen2.5-72b
                scenario: offline
                documents: 100000
                deadlineHours: 10
                input: 3500
                output: 512
                maxGpus: 8
                deployment: any
                """);
        assertEquals(ScenarioFile.read(yaml).build(), fromScript);
    }

    @Test
    void sweepExpandsEveryCombinationIntoTheSameScenariosAsTheBuilder() throws Exception {
        Sweep sweep = (Sweep) ScriptFixture.run(dir, "sweep.groovy", """
                sweep {
                    model 'llama-3-70b', 'qwen2.5-72b'
                    chat users: [1, 16]
                    context 4096, 32768
                    gpus 'h100-sxm-80g'
                }
                """);
        assertEquals(8, sweep.size());
        assertEquals(List.of("model", "users", "context"), sweep.axes());
        Sweep.Case last = sweep.cases().get(7);
        assertEquals("model=qwen2.5-72b;scenario=chat;users=16;context=32768;gpus=h100-sxm-80g", last.key());
        assertEquals(new ScenarioBuilder().model("qwen2.5-72b").kind("chat").users(16).context(32768)
                .gpus(List.of("h100-sxm-80g")).build(), last.scenario());
    }

    @Test
    void procurementAndSiteInGroovyEqualTheYamlAndTheBuilder() throws Exception {
        Object fromScript = ScriptFixture.run(dir, "buy.groovy", """
                scenario {
                    model 'llama-3-70b'
                    chat users: 32, context: 8192
                    gpus 'h100-sxm-80g'
                    maxPowerW 30000; maxRackKw 15; racks 2; cooling 'air'
                    procurement {
                        years 4; costOfCapital 0.08; usdPerKwh 0.1; pue 1.3; hostingUsdPerKwMonth 150
                        utilisation 0.7; supportSharePerYear 0.12; residualShare 0.1
                        priceKinds 'on-demand', 'spot'
                        quote 'hgx-h100-8gpu', 250000
                        growthPerMonth 0.05
                    }
                }
                """);
        Path yaml = dir.resolve("buy.yaml");
        Files.writeString(yaml, """
                model: llama-3-70b
                scenario: chat
                users: 32
                context: 8192
                gpus: [h100-sxm-80g]
                maxPowerW: 30000
                maxRackKw: 15
                racks: 2
                cooling: air
                procurement:
                  years: 4
                  costOfCapital: 0.08
                  usdPerKwh: 0.1
                  pue: 1.3
                  hostingUsdPerKwMonth: 150
                  utilisation: 0.7
                  supportSharePerYear: 0.12
                  residualShare: 0.1
                  priceKinds: [on-demand, spot]
                  quotes: {hgx-h100-8gpu: 250000}
                  growthPerMonth: 0.05
                """);
        ScenarioBuilder b = new ScenarioBuilder().model("llama-3-70b").kind("chat").users(32).context(8192).gpus(List.of("h100-sxm-80g"))
                .maxPowerW(30000);
        b.site().maxRackKw(15).racks(2).cooling("air").years(4).costOfCapital(0.08).usdPerKwh(0.1).pue(1.3).hostingUsdPerKwMonth(150)
                .utilisation(0.7).supportSharePerYear(0.12).residualShare(0.1).priceKinds(List.of("on-demand", "spot"))
                .quote("hgx-h100-8gpu", 250000).growthPerMonth(0.05);
        Scenario fromYaml = ScenarioFile.read(yaml).build();
        assertEquals(fromYaml, fromScript);
        assertEquals(b.build(), fromScript);
        assertEquals(250000.0, fromYaml.constraints().procurement().quotesUsd().get("hgx-h100-8gpu"));
        assertEquals(2, fromYaml.constraints().facility().racks());
        assertEquals(30000.0, fromYaml.constraints().maxPowerW());
    }

    @Test
    void growthPerQuarterIsTheEquivalentMonthlyRate() {
        ScenarioBuilder b = new ScenarioBuilder().model("llama-3-8b");
        b.site().growthPerQuarter(0.331);
        // 1.1^3 = 1.331: 10 % a month
        assertEquals(0.1, b.build().constraints().procurement().growthPerMonth(), 1e-12);
    }
}
