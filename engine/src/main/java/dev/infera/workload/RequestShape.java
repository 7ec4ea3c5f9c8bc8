package dev.infera.workload;

import dev.infera.BadInputException;

/**
 * One request's token counts. The one place a context (prompt + output) is split into its parts:
 * flags, scenario YAML, Groovy and reports all ask here.
 *
 * @param promptTokens tokens the request sends (prefill)
 * @param outputTokens tokens it generates (decode)
 */
public record RequestShape(int promptTokens, int outputTokens) {

    public RequestShape {
        if (promptTokens < 1 || outputTokens < 1) {
            throw new BadInputException("a request needs at least one prompt and one output token (prompt "
                    + promptTokens + ", output " + outputTokens + ")");
        }
    }

    /**
     * The shape a user described: an explicit prompt length wins; otherwise prompt = context - output.
     *
     * @param contextTokens prompt + output, or null for {@code defaultContextTokens}
     * @param promptTokens  the prompt length when given directly, else null
     */
    public static RequestShape of(Integer contextTokens, Integer promptTokens, int outputTokens, int defaultContextTokens) {
        if (promptTokens != null) {
            if (contextTokens != null && promptTokens + outputTokens != contextTokens) {
                throw new BadInputException("context " + contextTokens + " conflicts with " + promptTokens + " prompt + " + outputTokens
                        + " output tokens (= " + (promptTokens + outputTokens) + "): give the context, or the prompt and output tokens");
            }
            return new RequestShape(promptTokens, outputTokens);
        }
        int context = contextTokens != null ? contextTokens : defaultContextTokens;
        if (context - outputTokens < 1) {
            throw new BadInputException("context " + context + " leaves no prompt after " + outputTokens + " output tokens");
        }
        return new RequestShape(context - outputTokens, outputTokens);
    }

    /** Prompt plus output: what a sequence holds at its end. */
    public int contextTokens() {
        return promptTokens + outputTokens;
    }

    /** The same output with the prompt made up to {@code newContextTokens}. */
    public RequestShape withContext(int newContextTokens) {
        return of(newContextTokens, null, outputTokens, newContextTokens);
    }
}
