// Where does decode turn compute-bound? First the roofline of one configuration as the batch
// grows (memory time is flat, compute time grows with the batch), then the advisor's choice for
// 1..256 concurrent chat users.
println "Llama-3-70B FP8 on 1x H200, 4k context: one decode step by batch"
table([1, 2, 4, 8, 16, 32, 64, 128, 256, 512].collect { b ->
    def e = estimate(model: 'llama-3-70b', gpu: 'h200-sxm-141g', weights: 'fp8', context: 4096, batch: b)
    [batch: b, 'memory ms': fmt(e.decodeMemoryMs()), 'compute ms': fmt(e.decodeComputeMs()), 'step ms': fmt(e.stepMs()),
     'tok/s': fmt(e.outputTokensPerS()), bottleneck: e.fits() ? e.bottleneck().label() : 'does not fit']
})
csv 'concurrency_sweep.csv'
def results = advise sweep {
    model 'llama-3-70b'
    chat context: 4096
    users 1, 2, 4, 8, 16, 32, 64, 128, 256
    gpus 'h100-sxm-80g', 'h200-sxm-141g', 'a100-sxm-80g'
}
table results
println "\nThe winner's bottleneck by load:"
table(results.rows.findAll { it[7] == '1' }.collect { r -> [users: r[6], winner: r[10], 'TPOT ms': r[21], bottleneck: r[25]] })
