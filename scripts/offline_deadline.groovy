// An offline job sized by its deadline: summarise 100,000 documents (3,500-token prompt,
// 512-token summary) between 22:00 and 08:00. The required throughput follows from the deadline;
// the advisor ranks by throughput per dollar among deployments that can meet it.
def start = LocalTime.of(22, 0), end = LocalTime.of(8, 0)
def hours = Duration.between(start, end).plusDays(end.isBefore(start) ? 1 : 0).toMinutes() / 60
def job = scenario {
    name "100,000 documents by 08:00"
    model 'llama-3-70b'
    offline documents: 100_000, deadlineHours: hours, inputTokens: 3500, outputTokens: 512
    gpus 'h100-sxm-80g', 'h200-sxm-141g', 'a100-sxm-80g', 'l40s-48g', 'mi300x-192g'
}
println "Deadline: ${hours} h, so ${fmt(job.workload().requiredTokensPerS())} output tokens/s sustained."
table advise(job)
