package dev.infera.workload;

import dev.infera.BadInputException;
import dev.infera.text.Ids;

import java.util.Arrays;
import java.util.Locale;

/** What the deployment is for; each kind has its own objective and SLA defaults. */
public enum ScenarioKind {
    /** Interactive chat: TTFT first, TPOT faster than reading second, bounded batch. */
    CHAT,
    /** Long-context retrieval / document reading: prefill dominates, TTFT at long context. */
    RAG,
    /** Offline batch: throughput per dollar within a deadline; latency is irrelevant. */
    OFFLINE,
    /** Agents and code completion: many short turns, TPOT and TTFT both matter, outputs are read by programs. */
    AGENT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ScenarioKind of(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return switch (wanted) {
            case "chat", "interactive" -> CHAT;
            case "rag", "long-context", "document", "documents" -> RAG;
            case "offline", "batch" -> OFFLINE;
            case "agent", "code", "completion" -> AGENT;
            default -> throw new BadInputException(Ids.unknown("scenario", text,
                    Arrays.stream(values()).map(ScenarioKind::id).toList()));
        };
    }
}
