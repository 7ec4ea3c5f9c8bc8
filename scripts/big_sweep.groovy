// The example sweep of >= 10,000 scenarios: 3 models x 4 scenario kinds x 7 contexts x 9 loads
// x 7 GPUs x 2 GPU budgets = 10,584 scenarios. Streams rows to big_sweep.csv (or --out);
// kill it and rerun with --resume to continue where it stopped.
csv 'big_sweep.csv'
def results = advise sweep {
    model 'llama-3-70b', 'qwen2.5-72b', 'llama-3.1-70b'
    scenario 'chat', 'agent', 'rag', 'offline'
    context 2048, 4096, 8192, 16384, 32768, 65536, 131072
    extendContext 'RoPE scaling (YaRN) beyond each model\'s native window'
    users 1, 2, 4, 8, 16, 32, 64, 128, 256
    hardware 'h100-sxm-80g', 'h200-sxm-141g', 'a100-sxm-80g', 'l40s-48g', 'l20-48g', 'rtx-4090', 'mi300x-192g'
    maxGpus 8, 16
    deployment 'any'
    top 3
}
table results
