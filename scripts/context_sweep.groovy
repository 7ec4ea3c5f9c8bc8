// Where does prefill turn the choice? Llama-3-70B and Qwen2.5-72B document reading (RAG) from
// 4k to 128k tokens of context, 8 concurrent readers, on a mixed pool: the winner's TTFT grows
// with the prompt, and past some length the answer moves to more compute (more GPUs, faster cards).
csv 'context_sweep.csv'
def results = advise sweep {
    model 'llama-3-70b', 'qwen2.5-72b'
    rag users: 8
    context 4096, 8192, 16384, 32768, 65536, 131072
    extendContext 'RoPE scaling (YaRN) beyond each model\'s native window'   // Llama-3-70B is native to 8k, Qwen2.5-72B to 32k
    gpus 'h100-sxm-80g', 'h200-sxm-141g', 'a100-sxm-80g', 'l40s-48g', 'mi300x-192g'
}
table results
println "\nThe winner's TTFT and bottleneck by context:"
table(results.rows.findAll { it[7] == '1' }.collect { r ->
    [model: r[1], context: r[3], winner: r[10], 'TTFT ms': r[20], 'TPOT ms': r[21], bottleneck: r[25]] })
