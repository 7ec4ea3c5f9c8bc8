package dev.infera.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.infera.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads a Hugging Face {@code config.json} as a {@link Model}, computing parameter counts from the
 * shapes (the formulas of shared/reference/README.md): per layer, attention h*nh*hd + 2*h*nkv*hd +
 * nh*hd*h (plus q/k/v biases, q/k norms, output bias and sinks where the architecture has them),
 * MLP 3*h*I gated or 2*h*I plain (or E experts of 3*h*I_moe plus a router), norms; plus embeddings
 * V*h and an untied LM head V*h.
 *
 * <p>The architecture ({@code architectures[0]}, else {@code model_type}) decides the layout; one
 * Infera does not know is an error naming it, never read as Llama. Which layers attend within a
 * window follows {@code layer_types}, else the architecture's rule ({@code sliding_window_pattern},
 * Gemma-2's alternation, Qwen's {@code use_sliding_window}/{@code max_window_layers}, Llama-4's
 * chunked layers). A {@code quantization_config} names the checkpoint's weight format.
 */
final class HfConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HfConfig() {}

    /** How an architecture lays out its parameters and its windowed layers. */
    private enum Layout {
        LLAMA, QWEN2, QWEN3, GEMMA, GEMMA2, GEMMA3, COHERE, COHERE2, FALCON, DEEPSEEK, GPT_OSS, GLM4_MOE, LLAMA4, QWEN3_NEXT
    }

    private static final Map<String, Layout> ARCHITECTURES = Map.ofEntries(
            Map.entry("LlamaForCausalLM", Layout.LLAMA),
            Map.entry("MistralForCausalLM", Layout.LLAMA),
            Map.entry("MixtralForCausalLM", Layout.LLAMA),
            Map.entry("Phi3ForCausalLM", Layout.LLAMA),
            Map.entry("GraniteForCausalLM", Layout.LLAMA),
            Map.entry("Qwen2ForCausalLM", Layout.QWEN2),
            Map.entry("Qwen2MoeForCausalLM", Layout.QWEN2),
            Map.entry("Qwen3ForCausalLM", Layout.QWEN3),
            Map.entry("Qwen3MoeForCausalLM", Layout.QWEN3),
            Map.entry("Qwen3NextForCausalLM", Layout.QWEN3_NEXT),
            Map.entry("GemmaForCausalLM", Layout.GEMMA),
            Map.entry("Gemma2ForCausalLM", Layout.GEMMA2),
            Map.entry("Gemma3ForCausalLM", Layout.GEMMA3),
            Map.entry("Gemma3ForConditionalGeneration", Layout.GEMMA3),
            Map.entry("CohereForCausalLM", Layout.COHERE),
            Map.entry("Cohere2ForCausalLM", Layout.COHERE2),
            Map.entry("FalconForCausalLM", Layout.FALCON),
            Map.entry("RWForCausalLM", Layout.FALCON),
            Map.entry("DeepseekV2ForCausalLM", Layout.DEEPSEEK),
            Map.entry("DeepseekV3ForCausalLM", Layout.DEEPSEEK),
            Map.entry("GptOssForCausalLM", Layout.GPT_OSS),
            Map.entry("Glm4MoeForCausalLM", Layout.GLM4_MOE),
            Map.entry("Llama4ForCausalLM", Layout.LLAMA4),
            Map.entry("Llama4ForConditionalGeneration", Layout.LLAMA4));

    /** config.json {@code model_type} of the same architectures, for configs without {@code architectures}. */
    private static final Map<String, Layout> MODEL_TYPES = Map.ofEntries(
            Map.entry("llama", Layout.LLAMA), Map.entry("mistral", Layout.LLAMA), Map.entry("mixtral", Layout.LLAMA),
            Map.entry("phi3", Layout.LLAMA), Map.entry("granite", Layout.LLAMA),
            Map.entry("qwen2", Layout.QWEN2), Map.entry("qwen2_moe", Layout.QWEN2),
            Map.entry("qwen3", Layout.QWEN3), Map.entry("qwen3_moe", Layout.QWEN3), Map.entry("qwen3_next", Layout.QWEN3_NEXT),
            Map.entry("gemma", Layout.GEMMA), Map.entry("gemma2", Layout.GEMMA2),
            Map.entry("gemma3", Layout.GEMMA3), Map.entry("gemma3_text", Layout.GEMMA3),
            Map.entry("cohere", Layout.COHERE), Map.entry("cohere2", Layout.COHERE2),
            Map.entry("falcon", Layout.FALCON), Map.entry("RefinedWeb", Layout.FALCON), Map.entry("RefinedWebModel", Layout.FALCON),
            Map.entry("deepseek_v2", Layout.DEEPSEEK), Map.entry("deepseek_v3", Layout.DEEPSEEK), Map.entry("kimi_k2", Layout.DEEPSEEK),
            Map.entry("gpt_oss", Layout.GPT_OSS), Map.entry("glm4_moe", Layout.GLM4_MOE),
            Map.entry("llama4", Layout.LLAMA4), Map.entry("llama4_text", Layout.LLAMA4));

    /** Architectures whose layers keep a recurrent state (state-space or linear attention) instead of, or besides, a KV cache. */
    private static final Set<String> RECURRENT = Set.of("MambaForCausalLM", "Mamba2ForCausalLM", "FalconMambaForCausalLM",
            "RwkvForCausalLM", "JambaForCausalLM", "NemotronHForCausalLM", "Zamba2ForCausalLM",
            "FalconH1ForCausalLM", "GraniteMoeHybridForCausalLM", "Lfm2ForCausalLM", "mamba", "mamba2", "rwkv", "jamba",
            "nemotron_h", "zamba2", "falcon_h1", "falcon_mamba", "lfm2");

    /**
     * Every {@code *.json} in the catalog folder and {@code config.json} one folder down
     * (catalog/NAME/config.json, id NAME). A bare catalog/config.json has no name to give it an id:
     * it is skipped with a warning saying how to name it.
     */
    static List<Model> readAll(Path folder) {
        List<Model> models = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder, 2)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                if (file.getFileName().toString().equals("config.json") && folder.equals(file.getParent())) {
                    System.err.println("warning: " + file + ": ignored, a config.json directly in the catalog folder has no id;"
                            + " move it to " + folder.resolve("MODEL-ID").resolve("config.json") + " or rename it to MODEL-ID.json");
                    continue;
                }
                models.add(read(file));
            }
        } catch (IOException e) {
            throw new BadInputException(folder + ": cannot list: " + e.getMessage(), e);
        }
        return models;
    }

    /** The model in {@code file}; its id is the file name, or the folder's name for a config.json. */
    static Model read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such config.json");
        }
        String fileName = file.getFileName().toString();
        String id = fileName.equals("config.json") && file.getParent() != null
                ? file.getParent().getFileName().toString()
                : fileName.substring(0, fileName.length() - ".json".length());
        JsonNode config;
        try {
            config = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            int line = e.getLocation() != null ? e.getLocation().getLineNr() : 0;
            throw BadInputException.at(file.toString(), line, "JSON syntax error: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        return fromConfig(id, config, file.toString());
    }

    static Model fromConfig(String id, JsonNode root, String where) {
        Layout layout = layout(root, where);
        List<String> notes = new ArrayList<>();
        // Multimodal configs nest the language model; its vision tower is not part of the count.
        JsonNode c = root.has("text_config") ? root.get("text_config") : root;
        if (root.has("vision_config")) {
            notes.add("vision tower (vision_config) not counted: parameters and memory are the language model's");
        }
        int hidden = required(c, where, "hidden_size", "n_embd", "d_model");
        int layers = required(c, where, "num_hidden_layers", "n_layer", "num_layers");
        int heads = required(c, where, "num_attention_heads", "n_head");
        int kvHeads = kvHeads(layout, c, heads, where);
        if (!c.hasNonNull("head_dim") && hidden % heads != 0) {
            throw new BadInputException(where + ": config.json: hidden_size " + hidden + " is not a multiple of "
                    + heads + " attention heads and no head_dim is given");
        }
        int headDim = c.path("head_dim").asInt(hidden / heads);
        if (headDim <= 0) {
            throw new BadInputException(where + ": config.json: head_dim " + headDim + " must be positive");
        }
        int vocab = required(c, where, "vocab_size");
        int maxContext = c.path("max_position_embeddings").asInt(c.path("max_sequence_length").asInt(4096));
        boolean tied = c.path("tie_word_embeddings").asBoolean(root.path("tie_word_embeddings").asBoolean(tiedByDefault(layout)));

        int experts = firstInt(c, "num_local_experts", "num_experts", "n_routed_experts");
        int perToken = firstInt(c, "num_experts_per_tok", "num_experts_per_token", "experts_per_token");
        int shared = (layout == Layout.LLAMA4 && experts > 0) || (layout == Layout.QWEN3_NEXT && c.path("shared_expert_intermediate_size").asInt(0) > 0)
                ? 1 : firstInt(c, "n_shared_experts", "num_shared_experts");
        int intermediate = layout == Layout.FALCON
                ? c.path("ffn_hidden_size").asInt(4 * hidden)
                : layout == Layout.LLAMA4 ? c.path("intermediate_size_mlp").asInt(c.path("intermediate_size").asInt(0))
                : c.path("intermediate_size").asInt(0);
        int expertWidth = c.path("moe_intermediate_size").asInt(c.path("intermediate_size").asInt(intermediate));
        int moeLayers = 0;
        if (experts > 0 && perToken > 0) {
            if (perToken > experts) {
                throw new BadInputException(where + ": config.json: " + perToken + " experts per token exceed " + experts + " experts");
            }
            int step = layout == Layout.LLAMA4 ? c.path("interleave_moe_layer_step").asInt(1) : 1;
            int dense = firstInt(c, "first_k_dense_replace");
            moeLayers = step > 1 ? layers / step : layers - dense;
            if (step > 1) {
                notes.add("MoE on every " + step + "th layer (interleave_moe_layer_step): " + moeLayers + " MoE layers, "
                        + (layers - moeLayers) + " dense layers of width " + intermediate);
            }
        }
        Model.Moe moe = moeLayers > 0 ? new Model.Moe(experts, perToken, shared, layers - moeLayers, expertWidth) : null;
        if (moe == null && intermediate <= 0) {
            throw new BadInputException(where + ": config.json lacks a positive 'intermediate_size'");
        }

        int kvLora = layout == Layout.DEEPSEEK ? c.path("kv_lora_rank").asInt(0) : 0;
        Model.Mla mla = kvLora > 0 ? new Model.Mla(kvLora, c.path("qk_rope_head_dim").asInt(64)) : null;
        if (mla != null) {
            headDim = c.path("qk_nope_head_dim").asInt(128) + mla.qkRopeHeadDim();
        }

        double attention = mla != null ? mlaAttentionParams(c, hidden, heads) : attentionParams(layout, c, hidden, heads, kvHeads, headDim);
        double norms = normsPerLayer(layout, c) * hidden;
        double denseMlp = (layout == Layout.FALCON ? 2.0 : 3.0) * hidden * intermediate;
        boolean[] linear = linearLayers(layout, c, layers, where);
        double linearAttention = layout == Layout.QWEN3_NEXT ? gatedDeltaNetParams(c, hidden) : 0;
        // Qwen3-Next's shared expert has its own width (counted above at the routed width) and a one-output gate.
        double sharedExpert = layout == Layout.QWEN3_NEXT && shared > 0
                ? 3.0 * hidden * (c.get("shared_expert_intermediate_size").asInt() - expertWidth) + hidden : 0;
        double totalLayers = 0;
        double activeLayers = 0;
        for (int layer = 0; layer < layers; layer++) {
            double mixer = linear[layer] ? linearAttention : attention;
            totalLayers += mixer - attention + sharedExpert;
            activeLayers += mixer - attention + sharedExpert;
            if (moe != null && layer >= moe.firstDenseLayers()) {
                double expert = 3.0 * hidden * expertWidth + (layout == Layout.GPT_OSS ? 2.0 * expertWidth + hidden : 0);
                double router = (double) hidden * experts + (layout == Layout.GPT_OSS ? experts : 0);
                totalLayers += attention + norms + router + expert * (experts + shared);
                activeLayers += attention + norms + router + expert * (perToken + shared);
            } else {
                totalLayers += attention + norms + denseMlp;
                activeLayers += attention + norms + denseMlp;
            }
        }
        double finalNorm = layout == Layout.FALCON ? 2.0 * hidden : hidden;
        double embeddings = (double) vocab * hidden * (tied ? 1 : 2) + finalNorm;
        double total = (totalLayers + embeddings) / 1e9;
        double active = (activeLayers + embeddings) / 1e9;

        int[] windowed = layout == Layout.QWEN3_NEXT ? new int[] {0, 0, 0} : windowedLayers(layout, c, layers, where);
        int linearCount = 0;
        for (boolean l : linear) {
            linearCount += l ? 1 : 0;
        }
        LayerPattern pattern = linearCount > 0
                ? new LayerPattern(layers - linearCount, 0, 0, 0, 0, linearCount, gatedDeltaNetState(c), 0, 0)
                : LayerPattern.windowed(layers, windowed[0], windowed[1], windowed[2] == 1);
        if (linearCount > 0) {
            notes.add(linearCount + " of " + layers + " layers are Gated DeltaNet (linear attention) with a fixed state of "
                    + pattern.linearStateElements() + " elements per sequence; " + (layers - linearCount) + " keep KV");
        }
        Integer window = windowed[0] > 0 ? windowed[1] : null;
        if (window != null) {
            notes.add(windowed[0] + " of " + layers + " layers hold at most " + window + " tokens of KV ("
                    + (windowed[2] == 1 ? "chunked attention" : "sliding window") + ")");
        }
        String format = checkpointFormat(root.has("quantization_config") ? root.get("quantization_config") : c.get("quantization_config"), notes);

        Model.Attention kind = mla != null ? Model.Attention.MLA
                : kvHeads == heads ? Model.Attention.MHA : kvHeads == 1 ? Model.Attention.MQA : Model.Attention.GQA;
        String name = root.path("_name_or_path").asText(c.path("_name_or_path").asText(id));
        return new Model(id, name.isBlank() ? id : name, total, moe != null ? active : null,
                layers, hidden, heads, kvHeads, headDim, moe != null && intermediate <= 0 ? expertWidth : intermediate, vocab,
                maxContext, kind, mla, moe, window, window == null ? 0 : (double) windowed[0] / layers, null, where,
                format, notes.isEmpty() ? null : String.join("; ", notes), pattern);
    }

    private static Layout layout(JsonNode root, String where) {
        String architecture = root.path("architectures").path(0).asText("");
        String modelType = root.path("model_type").asText("");
        for (String name : List.of(architecture, modelType)) {
            if (RECURRENT.contains(name)) {
                throw new BadInputException(where + ": config.json: architecture " + name
                        + " keeps a recurrent (state-space or linear-attention) state, which Infera's KV-cache memory model does not cover; not imported");
            }
        }
        if (!architecture.isEmpty()) {
            Layout layout = ARCHITECTURES.get(architecture);
            if (layout == null) {
                throw new BadInputException(where + ": config.json: unknown architecture '" + architecture
                        + "' (Infera reads " + String.join(", ", new TreeSet<>(ARCHITECTURES.keySet())) + ")");
            }
            return layout;
        }
        if (!modelType.isEmpty()) {
            Layout layout = MODEL_TYPES.get(modelType);
            if (layout == null) {
                throw new BadInputException(where + ": config.json: unknown model_type '" + modelType
                        + "' (Infera reads " + String.join(", ", new TreeSet<>(MODEL_TYPES.keySet())) + ")");
            }
            return layout;
        }
        // A bare shape (no architectures, no model_type): a Llama-style decoder by construction.
        return Layout.LLAMA;
    }

    /** KV heads: Falcon's multi_query means one shared K/V head; otherwise num_key_value_heads, else MHA. */
    private static int kvHeads(Layout layout, JsonNode c, int heads, String where) {
        int kv;
        if (layout == Layout.FALCON && c.path("new_decoder_architecture").asBoolean(false)) {
            kv = firstInt(c, "num_kv_heads", "n_head_kv", "num_key_value_heads");
        } else if (c.path("multi_query").asBoolean(false)) {
            kv = 1;
        } else {
            kv = c.has("num_key_value_heads") && !c.get("num_key_value_heads").isNull()
                    ? c.get("num_key_value_heads").asInt() : firstInt(c, "num_kv_heads", "n_head_kv");
            if (!c.hasNonNull("num_key_value_heads") && !c.hasNonNull("num_kv_heads") && !c.hasNonNull("n_head_kv")) {
                kv = heads;
            }
        }
        if (kv <= 0) {
            throw new BadInputException(where + ": config.json lacks a positive 'num_key_value_heads' (it says " + kv + ")");
        }
        if (kv > heads || heads % kv != 0) {
            throw new BadInputException(where + ": num_key_value_heads " + kv + " does not divide num_attention_heads " + heads);
        }
        return kv;
    }

    private static boolean tiedByDefault(Layout layout) {
        return switch (layout) {
            case GEMMA, GEMMA2, GEMMA3, COHERE, COHERE2, FALCON -> true;
            default -> false;
        };
    }

    /** Norm weights per layer, in units of hidden_size: Gemma-2/3 have four RMSNorms; Falcon LayerNorms carry biases. */
    private static double normsPerLayer(Layout layout, JsonNode c) {
        return switch (layout) {
            case GEMMA2, GEMMA3 -> 4;
            case COHERE, COHERE2 -> 1;
            case FALCON -> c.path("new_decoder_architecture").asBoolean(false) ? 4 : c.path("parallel_attn").asBoolean(true) ? 2 : 4;
            default -> 2;
        };
    }

    private static double attentionParams(Layout layout, JsonNode c, int hidden, int heads, int kvHeads, int headDim) {
        double q = (double) hidden * heads * headDim;
        double kv = 2.0 * hidden * kvHeads * headDim;
        double o = (double) heads * headDim * hidden;
        double qkvBias = (double) heads * headDim + 2.0 * kvHeads * headDim;
        double qkNorm = 2.0 * headDim;
        double extra = switch (layout) {
            case QWEN2 -> qkvBias;
            case QWEN3, GEMMA3 -> qkNorm;
            // the query projection also yields the output gate
            case QWEN3_NEXT -> q + qkNorm;
            case GLM4_MOE -> (c.path("attention_bias").asBoolean(false) ? qkvBias : 0) + (c.path("use_qk_norm").asBoolean(false) ? qkNorm : 0);
            // q/k/v/o biases and one learned sink per head
            case GPT_OSS -> qkvBias + hidden + heads;
            case LLAMA, COHERE, COHERE2 -> c.path("attention_bias").asBoolean(false) ? qkvBias + hidden : 0;
            default -> 0;
        };
        return q + kv + o + extra;
    }

    private static double mlaAttentionParams(JsonNode c, int hidden, int heads) {
        int qLora = c.path("q_lora_rank").asInt(0);
        int kvLora = c.path("kv_lora_rank").asInt();
        int rope = c.path("qk_rope_head_dim").asInt(64);
        int nope = c.path("qk_nope_head_dim").asInt(128);
        int v = c.path("v_head_dim").asInt(128);
        double q = qLora > 0
                ? (double) hidden * qLora + qLora + (double) qLora * heads * (nope + rope)
                : (double) hidden * heads * (nope + rope);
        double kv = (double) hidden * (kvLora + rope) + kvLora + (double) kvLora * heads * (nope + v);
        return q + kv + (double) heads * v * hidden;
    }

    /**
     * Which layers are linear attention: Qwen3-Next's {@code layer_types} ("linear_attention") where
     * listed, else every layer but each {@code full_attention_interval}-th; none for other layouts.
     */
    private static boolean[] linearLayers(Layout layout, JsonNode c, int layers, String where) {
        boolean[] linear = new boolean[layers];
        if (layout != Layout.QWEN3_NEXT) {
            return linear;
        }
        if (c.path("layer_types").isArray()) {
            JsonNode types = c.get("layer_types");
            if (types.size() != layers) {
                throw new BadInputException(where + ": config.json: layer_types lists " + types.size() + " layers, num_hidden_layers is " + layers);
            }
            for (int i = 0; i < layers; i++) {
                String t = types.get(i).asText();
                if (!t.equals("linear_attention") && !t.equals("full_attention")) {
                    throw new BadInputException(where + ": config.json: layer type '" + t + "' is not one Qwen3-Next has (linear_attention, full_attention)");
                }
                linear[i] = t.equals("linear_attention");
            }
            return linear;
        }
        int interval = c.path("full_attention_interval").asInt(4);
        if (interval <= 0) {
            throw new BadInputException(where + ": config.json: full_attention_interval " + interval + " must be positive");
        }
        for (int i = 0; i < layers; i++) {
            linear[i] = (i + 1) % interval != 0;
        }
        return linear;
    }

    /**
     * A Gated DeltaNet layer's parameters: in_proj_qkvz h x (2 nk dk + 2 nv dv) + in_proj_ba h x 2 nv
     * + conv (2 nk dk + nv dv) x kernel + dt_bias and A_log (nv each) + norm dv + out_proj nv dv x h.
     */
    private static double gatedDeltaNetParams(JsonNode c, int hidden) {
        double keys = (double) c.path("linear_num_key_heads").asInt(16) * c.path("linear_key_head_dim").asInt(128);
        int valueHeads = c.path("linear_num_value_heads").asInt(32);
        int valueDim = c.path("linear_value_head_dim").asInt(128);
        double values = (double) valueHeads * valueDim;
        int kernel = c.path("linear_conv_kernel_dim").asInt(4);
        return hidden * (2 * keys + 2 * values) + 2.0 * hidden * valueHeads + (2 * keys + values) * kernel
                + 2.0 * valueHeads + valueDim + values * hidden;
    }

    /** State per sequence of one Gated DeltaNet layer = nv x dk x dv recurrent + (kernel - 1) x (2 nk dk + nv dv) conv. */
    private static long gatedDeltaNetState(JsonNode c) {
        long keyDim = c.path("linear_key_head_dim").asInt(128);
        long keys = c.path("linear_num_key_heads").asInt(16) * keyDim;
        long valueHeads = c.path("linear_num_value_heads").asInt(32);
        long valueDim = c.path("linear_value_head_dim").asInt(128);
        long kernel = c.path("linear_conv_kernel_dim").asInt(4);
        return valueHeads * keyDim * valueDim + (kernel - 1) * (2 * keys + valueHeads * valueDim);
    }

    /**
     * {windowed layer count, window tokens, 1 if chunked}: from {@code layer_types} where the config
     * lists them, else the architecture's rule. A window no shorter than the context caps nothing.
     */
    private static int[] windowedLayers(Layout layout, JsonNode c, int layers, String where) {
        int window = c.path("sliding_window").isNull() ? 0 : c.path("sliding_window").asInt(0);
        int chunk = c.path("attention_chunk_size").isNull() ? 0 : c.path("attention_chunk_size").asInt(0);
        if (c.path("layer_types").isArray()) {
            JsonNode types = c.get("layer_types");
            if (types.size() != layers) {
                throw new BadInputException(where + ": config.json: layer_types lists " + types.size() + " layers, num_hidden_layers is " + layers);
            }
            int sliding = 0;
            int chunked = 0;
            for (JsonNode type : types) {
                String t = type.asText();
                switch (t) {
                    case "sliding_attention" -> sliding++;
                    case "chunked_attention" -> chunked++;
                    case "full_attention" -> { }
                    default -> throw new BadInputException(where + ": config.json: layer type '" + t
                            + "' is not one Infera models (full_attention, sliding_attention, chunked_attention)");
                }
            }
            if (chunked > 0) {
                return chunk > 0 ? new int[] {chunked, chunk, 1} : new int[] {0, 0, 0};
            }
            return window > 0 && sliding > 0 ? new int[] {sliding, window, 0} : new int[] {0, 0, 0};
        }
        if (layout == Layout.LLAMA4) {
            if (chunk <= 0) {
                return new int[] {0, 0, 0};
            }
            int chunked = 0;
            if (c.path("no_rope_layers").isArray() && c.get("no_rope_layers").size() == layers) {
                // 1 = a RoPE layer, which attends within its chunk; 0 = a global NoPE layer
                for (JsonNode flag : c.get("no_rope_layers")) {
                    chunked += flag.asInt() != 0 ? 1 : 0;
                }
            } else {
                chunked = layers - layers / 4;
            }
            return new int[] {chunked, chunk, 1};
        }
        if (window <= 0 || !c.path("use_sliding_window").asBoolean(true)) {
            return new int[] {0, 0, 0};
        }
        int sliding = switch (layout) {
            // layer i slides when i >= max_window_layers (Qwen2/Qwen3 modelling code)
            case QWEN2, QWEN3 -> Math.max(0, layers - c.path("max_window_layers").asInt(layers));
            // even layers local, odd layers global
            case GEMMA2, GPT_OSS -> (layers + 1) / 2;
            // every pattern-th layer global, the rest local
            case GEMMA3, COHERE2 -> {
                int pattern = c.path("sliding_window_pattern").asInt(layout == Layout.GEMMA3 ? 6 : 4);
                yield pattern <= 1 ? 0 : layers - layers / pattern;
            }
            default -> layers;
        };
        return sliding > 0 ? new int[] {sliding, window, 0} : new int[] {0, 0, 0};
    }

    /** The formats.yaml id of a quantized checkpoint's weights, or null (noted) where none matches. */
    private static String checkpointFormat(JsonNode q, List<String> notes) {
        if (q == null || q.isNull() || q.isMissingNode()) {
            return null;
        }
        String method = q.path("quant_method").asText(q.path("quant_algo").asText("")).toLowerCase(Locale.ROOT);
        int bits = q.path("bits").asInt(q.path("w_bit").asInt(0));
        String format = switch (method) {
            case "awq", "gptq" -> bits == 4 ? "int4" : null;
            case "fp8" -> "fp8";
            case "mxfp4" -> "mxfp4";
            case "nvfp4" -> "nvfp4";
            case "modelopt" -> switch (q.path("quant_algo").asText("").toUpperCase(Locale.ROOT)) {
                case "FP8" -> "fp8";
                case "NVFP4" -> "nvfp4";
                default -> null;
            };
            case "compressed-tensors" -> compressedTensors(q);
            default -> null;
        };
        String described = method + (bits > 0 ? " " + bits + "-bit" : "");
        notes.add(format != null
                ? "weights " + format + " from quantization_config (" + described + ")"
                : "quantization_config " + described + " matches no catalog format: weights left to --weights");
        if ("mxfp4".equals(format)) {
            notes.add("MXFP4 covers the MoE experts; attention and embeddings stay 16-bit in the checkpoint");
        }
        return format;
    }

    /** compressed-tensors: the first config group's weight and activation types. */
    private static String compressedTensors(JsonNode q) {
        JsonNode groups = q.path("config_groups");
        if (!groups.isObject() || groups.isEmpty()) {
            return null;
        }
        JsonNode group = groups.elements().next();
        JsonNode weights = group.path("weights");
        JsonNode inputs = group.path("input_activations");
        String type = weights.path("type").asText("");
        int bits = weights.path("num_bits").asInt(0);
        if (type.equals("float") && bits == 8) {
            return "fp8";
        }
        if (type.equals("float") && bits == 4) {
            return "nvfp4";
        }
        if (type.equals("int") && bits == 4 && (inputs.isMissingNode() || inputs.isNull())) {
            return "int4";
        }
        if (type.equals("int") && bits == 8 && inputs.path("type").asText("").equals("int") && inputs.path("num_bits").asInt() == 8) {
            return "int8";
        }
        return null;
    }

    private static int required(JsonNode c, String where, String... fields) {
        for (String field : fields) {
            if (c.hasNonNull(field) && c.get(field).asInt() > 0) {
                return c.get(field).asInt();
            }
        }
        throw new BadInputException(where + ": config.json lacks a positive '" + fields[0] + "'");
    }

    private static int firstInt(JsonNode c, String... fields) {
        for (String field : fields) {
            if (c.hasNonNull(field)) {
                return c.get(field).asInt();
            }
        }
        return 0;
    }
}
