// When does tensor parallelism over PCIe stop paying? Llama-3-70B INT4 on PCIe cards (no NVLink)
// against an NVLink baseline, TP = 1..8, at one user and at 16: TPOT falls while the bandwidth
// gain outruns the all-reduce tax, then the tax wins and more GPUs buy nothing.
def cards = ['rtx-4090': 'PCIe', 'l40s-48g': 'PCIe', 'l20-48g': 'PCIe', 'h100-sxm-80g': 'NVLink']
[1, 16].each { batch ->
    println "\nbatch ${batch}, 4k context:"
    table(cards.collectMany { gpu, link ->
        def previous = null
        [1, 2, 4, 8].collect { tp ->
            def e = estimate(model: 'llama-3-70b', gpu: gpu, tp: tp, weights: 'int4', context: 4096, batch: batch)
            // A configuration the hardware cannot run (8 cards in a 4-card workstation, unsourced peaks) says why.
            def runs = e.supported() && e.fits()
            def gain = previous == null || !runs ? '' : "${Math.round(100 * (1 - e.stepMs() / previous))} %"
            if (runs) previous = e.stepMs()
            [gpu: gpu, link: link, tp: tp, fits: e.supported() ? e.fits() : "no: ${e.unsupportedReason()}",
             'step ms': fmt(e.stepMs()), 'all-reduce ms': fmt(e.decodeCommunicationMs()),
             'comm share': "${Math.round(100 * e.communicationShare())} %", 'step gain vs TP/2': gain]
        }
    })
}
println "\nThe advisor on a 4x RTX 4090 workstation, chat at 16 users:"
table advise(scenario {
    model 'llama-3-70b'
    chat users: 16, context: 4096
    gpus 'rtx-4090'
    maxGpus 4
    deployment 'workstation'
})
