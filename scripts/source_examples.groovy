// Every worked example of the source document ("[总结] 大模型部署知识"), recomputed: first the
// document's own back-of-envelope arithmetic from catalog facts, then what the engine says.
import dev.infera.physics.RulesOfThumb
import dev.infera.physics.Memory

def llama = catalog.models.find { it.id == 'llama-3-70b' }
def a100 = catalog.gpus.find { it.id == 'a100-sxm-80g' }
def rtx4090 = catalog.gpus.find { it.id == 'rtx-4090' }

println "== 1. Llama-3-70B at 8k context, batch 1, 20 tokens/s wanted =="
def kvGb = Memory.kvBytesPerSequence(llama, 2, 8192) / 1e9
table([[format: 'fp16', 'weights GB': fmt(llama.paramsB * 2), 'KV GB (8k, fp16)': fmt(kvGb),
        'bandwidth for 20 tok/s GB/s': fmt(RulesOfThumb.requiredBandwidthGbs(llama.paramsB * 2e9, 20))],
       [format: 'int4', 'weights GB': fmt(llama.paramsB * 0.5), 'KV GB (8k, fp16)': fmt(kvGb),
        'bandwidth for 20 tok/s GB/s': fmt(RulesOfThumb.requiredBandwidthGbs(llama.paramsB * 0.5e9, 20))]])
println "A100 80GB reads ${fmt(a100.memoryBandwidthGbs)} GB/s; two with TP=2 ${fmt(RulesOfThumb.aggregateBandwidthGbs(a100.memoryBandwidthGbs, 2))} GB/s, " +
        "${fmt(RulesOfThumb.effectiveBandwidthGbs(RulesOfThumb.aggregateBandwidthGbs(a100.memoryBandwidthGbs, 2), 0.15))} GB/s after a 15 % communication tax (the document's figure)."
println "RTX 4090 reads ${fmt(rtx4090.memoryBandwidthGbs)} GB/s against the 700 GB/s int4 needs.\n"

println "The engine's estimates for the same deployments (8k context, batch 1):"
def rows = [
    [what: '1x A100 80GB fp16 (the document: does not fit)', model: 'llama-3-70b', gpu: 'a100-sxm-80g', tp: 1, weights: 'fp16'],
    [what: '2x A100 80GB fp16, TP=2 (the document: meets 20 tok/s)', model: 'llama-3-70b', gpu: 'a100-sxm-80g', tp: 2, weights: 'fp16'],
    [what: '1x A100 40GB int4 (the document: just fits)', model: 'llama-3-70b', gpu: 'a100-sxm-40g', tp: 1, weights: 'int4'],
    [what: '1x RTX 6000 Ada int4', model: 'llama-3-70b', gpu: 'rtx-6000-ada', tp: 1, weights: 'int4'],
    [what: '2x RTX 4090 int4, TP=2 over PCIe (the document: 20+ tok/s)', model: 'llama-3-70b', gpu: 'rtx-4090', tp: 2, weights: 'int4'],
    [what: 'Llama-2-70B (document: no GQA, 8x KV; its config has 8 KV heads)', model: 'llama-2-70b', gpu: 'a100-sxm-80g', tp: 2, weights: 'fp16'],
]
table(rows.collect { r ->
    def e = estimate(model: r.model, gpu: r.gpu, tp: r.tp, weights: r.weights, context: 8192, batch: 1)
    [deployment: r.what, fits: e.fits() ? 'yes' : "no (short ${fmt(e.shortfallGb())} GB)", 'GB/GPU': fmt(e.memoryGb()),
     'KV GB': fmt(e.kvGb() * r.tp), 'step ms': fmt(e.stepMs()), 'tok/s': fmt(e.perSequenceTokensPerS()), note: e.unsupportedReason() ?: '']
})

println "\n== 2. Qwen-72B: prefill of 2,000 tokens and a 2,000 tokens/s service =="
def qwen = catalog.models.find { it.id == 'qwen-72b' }
def prefillTflop = 2000 * 2 * qwen.paramsB / 1000
def int8 = rtx4090.peakTflops(dev.infera.catalog.Precision.INT8).orElse(Double.NaN)
def a100fp16 = a100.peakTflops(dev.infera.catalog.Precision.FP16).orElse(Double.NaN)
table([[quantity: 'prefill work, 2,000 tokens x 2P', value: "${fmt(prefillTflop)} TFLOP"],
       [quantity: 'RTX 4090 INT8 dense peak (catalog) x 50 % MFU', value: "${fmt(int8 * 0.5)} TFLOPS"],
       [quantity: 'TTFT = work / effective compute', value: "${fmt(prefillTflop / (int8 * 0.5))} s"],
       [quantity: 'compute for 2,000 tokens/s (tokens/s x 2P)', value: "${fmt(RulesOfThumb.requiredTflops(2000, qwen.paramsB))} TFLOPS"],
       [quantity: 'A100 FP16 peak x ~48 % (the document: ~150)', value: "${fmt(a100fp16 * 0.48)} TFLOPS"]])
println "(Qwen-72B in INT8 is 72 GB: it does not fit one 24 GB RTX 4090, which the document leaves out. The engine, with TP=4:)"
def q = estimate(model: 'qwen-72b', gpu: 'rtx-4090', tp: 4, weights: 'int8', input: 2000, output: 256, batch: 1)
println "4x RTX 4090 INT8, TP=4, 2,000-token prompt: TTFT ${fmt(q.ttftMs())} ms, fits: ${q.fits()}"
def busy = estimate(model: 'qwen-72b', gpu: 'a100-sxm-80g', tp: 2, weights: 'fp16', input: 1024, output: 256, batch: 'max')
println "2x A100 80GB FP16, TP=2 at the largest batch that fits (${busy.batch()}): ${fmt(busy.outputTokensPerS())} tokens/s, bottleneck ${busy.bottleneck().label()}"

println "\n== 3. Tensor parallelism vs one card: 70B chat at 8k =="
table([
    [model: 'llama-3-70b', gpu: 'h100-sxm-80g', tp: 1, weights: 'fp8', what: '1x H100 FP8'],
    [model: 'llama-3-70b', gpu: 'a100-sxm-80g', tp: 2, weights: 'fp16', what: '2x A100 FP16, TP=2 (NVLink)'],
    [model: 'llama-3-70b', gpu: 'rtx-4090', tp: 2, weights: 'int4', what: '2x RTX 4090 INT4, TP=2 (PCIe)'],
    [model: 'llama-3-70b', gpu: 'a100-sxm-80g', tp: 1, weights: 'int8', what: '1x A100 INT8'],
].collect { r ->
    def e = estimate(model: r.model, gpu: r.gpu, tp: r.tp, weights: r.weights, context: 8192, batch: 1)
    [deployment: r.what, 'step ms': fmt(e.stepMs()), 'all-reduce ms': fmt(e.decodeCommunicationMs()),
     'comm share': "${Math.round(e.communicationShare() * 100)} %", fits: e.fits()]
})
println "\nThe engine's own ranking for that chat (32 users, TTFT 1 s, TPOT 50 ms):"
table advise(scenario {
    model 'llama-3-70b'
    chat users: 32, context: 8192, ttft: 1.s, tpot: 50.ms
    gpus 'h100-sxm-80g', 'a100-sxm-80g', 'rtx-4090'
    deployment 'any'
})
