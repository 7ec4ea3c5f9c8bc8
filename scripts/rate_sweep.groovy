// How many GPUs does a request rate need under percentile targets? Each rate is simulated: the
// advisor screens every candidate with the closed form, simulates the rows it shows and those near
// the targets, and judges TTFT at p99 and TPOT at p90 on the simulated percentiles.
def results = advise sweep {
    model 'llama-3-8b'
    chat context: 2048
    rate 4, 12, 24
    ttft '80@p99'
    tpot '20@p90'
    gpus 'h100-sxm-80g', 'l40s-48g'
    top 1
}
table results
