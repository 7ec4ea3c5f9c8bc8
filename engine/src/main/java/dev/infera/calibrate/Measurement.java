package dev.infera.calibrate;

import dev.infera.physics.Deployment;
import dev.infera.physics.Estimate;

/**
 * One measured number and the deployment it was measured on. {@code file:line} says where it came
 * from; one CSV row may give several (llama-bench's decode and prefill speeds).
 */
public record Measurement(String file, int line, Kind kind, Deployment deployment, double measured) {

    /** What was measured, and the estimate's number it compares with. */
    public enum Kind {
        DECODE_BATCH1("batch-1 decode", "tokens/s"),
        PREFILL("prefill", "tokens/s"),
        THROUGHPUT("batched throughput", "tokens/s per GPU"),
        TTFT("TTFT", "ms"),
        TPOT("TPOT", "ms");

        private final String label;
        private final String unit;

        Kind(String label, String unit) {
            this.label = label;
            this.unit = unit;
        }

        public String label() {
            return label;
        }

        public String unit() {
            return unit;
        }

        /** The estimate's counterpart of this measurement. */
        public double predicted(Deployment d, Estimate e) {
            return switch (this) {
                case DECODE_BATCH1 -> e.perSequenceTokensPerS();
                // llama-bench's pp speed: prompt tokens over the time to process them (= TTFT without sampling).
                case PREFILL -> d.inputTokens() / (e.ttftAloneMs() / 1000);
                case THROUGHPUT -> e.outputTokensPerS() / d.totalGpus();
                case TTFT -> e.ttftAloneMs();
                case TPOT -> e.stepMs();
            };
        }
    }

    public String gpuId() {
        return deployment.gpu().id();
    }

    public String engineId() {
        return deployment.engine().id();
    }

    public String where() {
        return file + ":" + line;
    }
}
