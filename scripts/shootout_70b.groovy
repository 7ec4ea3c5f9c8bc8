// 70B hardware shoot-out: each GPU on its own, across chat, agent, RAG and offline at two loads.
// Which architecture wins on which card, and by how much. Rows: shootout_70b.csv (or --out).
csv 'shootout_70b.csv'
def results = advise sweep {
    model 'llama-3-70b'
    scenario 'chat', 'agent', 'rag', 'offline'
    users 1, 32
    extendContext 'RoPE scaling (YaRN)'   // RAG's default 32k prompt is beyond Llama-3-70B's native 8k
    hardware 'h100-sxm-80g', 'h200-sxm-141g', 'a100-sxm-80g', 'l40s-48g', 'l20-48g', 'rtx-4090', 'mi300x-192g'
    deployment 'any'          // the RTX 4090 is a GeForce card: datacenter licensing would rule it out
    top 3
}
table results
