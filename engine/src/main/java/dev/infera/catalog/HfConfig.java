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
import java.util.stream.Stream;

/**
 * Reads a Hugging Face {@code config.json} as a {@link Model}, computing parameter counts from the
 * shapes (the formulas of shared/reference/README.md): per layer, attention h*nh*hd + 2*h*nkv*hd +
 * nh*hd*h, MLP 3*h*I (or E experts of 3*h*I_moe plus a router), norms 2h; plus embeddings V*h and
 * an untied LM head V*h.
 */
final class HfConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HfConfig() {}

    /** Every {@code *.json} in the catalog folder and {@code config.json} one folder down (catalog/NAME/config.json). */
    static List<Model> readAll(Path folder) {
        List<Model> models = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder, 2)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
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

    static Model fromConfig(String id, JsonNode c, String where) {
        // Multimodal configs nest the language model.
        JsonNode text = c.has("text_config") ? c.get("text_config") : c;
        int hidden = required(text, where, "hidden_size");
        int layers = required(text, where, "num_hidden_layers");
        int heads = required(text, where, "num_attention_heads");
        int kvHeads = text.hasNonNull("num_key_value_heads") ? required(text, where, "num_key_value_heads") : heads;
        if (heads % kvHeads != 0) {
            throw new BadInputException(where + ": num_key_value_heads " + kvHeads + " does not divide num_attention_heads " + heads);
        }
        int headDim = text.path("head_dim").asInt(hidden / heads);
        int intermediate = required(text, where, "intermediate_size");
        int vocab = required(text, where, "vocab_size");
        int maxContext = text.path("max_position_embeddings").asInt(4096);
        boolean tied = text.path("tie_word_embeddings").asBoolean(false);

        int experts = firstInt(text, "num_local_experts", "num_experts", "n_routed_experts");
        int perToken = firstInt(text, "num_experts_per_tok", "num_experts_per_token");
        int shared = firstInt(text, "n_shared_experts", "num_shared_experts");
        int denseLayers = firstInt(text, "first_k_dense_replace");
        int expertWidth = text.path("moe_intermediate_size").asInt(intermediate);
        Model.Moe moe = experts > 0 && perToken > 0 ? new Model.Moe(experts, perToken, shared, denseLayers, expertWidth) : null;

        int kvLora = text.path("kv_lora_rank").asInt(0);
        Model.Mla mla = kvLora > 0 ? new Model.Mla(kvLora, text.path("qk_rope_head_dim").asInt(64)) : null;
        if (mla != null) {
            headDim = text.path("qk_nope_head_dim").asInt(128) + mla.qkRopeHeadDim();
        }

        double attention = mla != null
                ? mlaAttentionParams(text, hidden, heads)
                : (double) hidden * heads * headDim + 2.0 * hidden * kvHeads * headDim + (double) heads * headDim * hidden;
        double denseMlp = 3.0 * hidden * intermediate;
        double totalLayers = 0;
        double activeLayers = 0;
        for (int layer = 0; layer < layers; layer++) {
            double norms = 2.0 * hidden;
            if (moe != null && layer >= denseLayers) {
                double expert = 3.0 * hidden * expertWidth;
                double router = (double) hidden * experts;
                totalLayers += attention + norms + router + expert * (experts + shared);
                activeLayers += attention + norms + router + expert * (perToken + shared);
            } else {
                totalLayers += attention + norms + denseMlp;
                activeLayers += attention + norms + denseMlp;
            }
        }
        double embeddings = (double) vocab * hidden * (tied ? 1 : 2) + hidden;
        double total = (totalLayers + embeddings) / 1e9;
        double active = (activeLayers + embeddings) / 1e9;

        Integer window = text.hasNonNull("sliding_window") && text.get("sliding_window").asInt() > 0
                ? text.get("sliding_window").asInt() : null;
        Model.Attention kind = mla != null ? Model.Attention.MLA
                : kvHeads == heads ? Model.Attention.MHA : kvHeads == 1 ? Model.Attention.MQA : Model.Attention.GQA;
        return new Model(id, text.path("_name_or_path").asText(id), total, moe != null ? active : null,
                layers, hidden, heads, kvHeads, headDim, intermediate, vocab, maxContext, kind, mla, moe,
                window, window == null ? 0 : 1.0, null, where);
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

    private static int required(JsonNode c, String where, String field) {
        if (!c.hasNonNull(field) || c.get(field).asInt() <= 0) {
            throw new BadInputException(where + ": config.json lacks a positive '" + field + "'");
        }
        return c.get(field).asInt();
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
