# Infera's rule vocabulary: the phrases .dslr rules are written in, and the facts they mean.
#
# Lines starting "## " name a section of the vocabulary (README.md's list is generated from them by
# `infera rules vocabulary`). A line "#: ..." explains the phrase below it. Other # lines are comments.
#
# Order matters: Drools tries the phrases top to bottom, so a longer phrase comes before any phrase
# it contains ("the workload is interactive or document reading" before "the workload is interactive").
# A phrase starting "- " adds a condition to the fact named on the line above it.

## Conditions on the scenario, for advice about it as a whole
# ("advise that ..."). Under "the candidate ..." use the "- serves ..." phrases instead: Drools
# checks those on each candidate in its alpha network, where a separate Workload line costs a join.
#: chat or agent work: a person (or a program) waits on every answer
[when]the workload is interactive or document reading=Workload( interactive || kind == ScenarioKind.RAG )
[when]the workload is interactive=Workload( interactive )
#: prompts longer than the thresholds table's "long prompt" (10,000 tokens), or a RAG workload
[when]the prompts are long or the workload is document reading=Thresholds( longPrompt || kind == "rag" )
#: prompts longer than the thresholds table's "long prompt" (prefill becomes the bottleneck)
[when]the prompts are long=Thresholds( longPrompt )
#: KIND is chat, agent, rag or offline
[when]the workload is {kind:chat|agent|rag|offline}=Workload( kind == ScenarioKind.{kind!uc} )
[when]the deployment is in a datacenter=Constraints( datacenter )
[when]the deployment is on a workstation=Constraints( workstation )

## Conditions on the candidate
#: the candidate every action below talks about; the supported ones whose estimate fits in memory
[when]the candidate runs and fits=$c : Candidate( supported, fits )
#: a candidate whose findings a reader sees (a row on screen, in a report, kept by a sweep): rules that
#: only explain (note, warn) start here and so run for the rows shown, not for every candidate ranked
[when]the shown candidate runs and fits=$c : Candidate( supported, fits, shown )
#: the engine or the GPU cannot run this configuration at all
[when]the candidate cannot run=$c : Candidate( supported == false )
[when]the candidate runs but does not fit=$c : Candidate( supported, fits == false )
#: any candidate, runnable or not
[when]any candidate=$c : Candidate( )

[when]- is unsupported for lack of tensor cores=missingTensorCores
[when]- is unsupported for another reason=!missingTensorCores
[when]- runs on a GPU of the {family:[A-Za-z0-9.-]+} family=gpuFamily == "{family}"
#: GPU is a catalog id such as h100-sxm-80g
[when]- runs on {gpu:[a-z0-9][a-z0-9.-]*}=gpu == "{gpu}"
[when]- uses tensor parallelism=tp > 1
[when]- uses no tensor parallelism=tp == 1
[when]- splits every layer at least {n} ways=tp >= {n}
[when]- uses pipeline parallelism=pp > 1
[when]- uses no pipeline parallelism=pp == 1
[when]- has a single replica=replicas == 1
[when]- has several replicas=replicas > 1
[when]- uses one GPU per replica=gpusPerReplica == 1
[when]- uses more than {n} GPUs=gpus > {n}
#: a scale-up fabric inside one node (NVLink, NVSwitch, Infinity Fabric)
[when]- links its GPUs over a scale-up fabric=overNvlink
#: PCIe inside a node, or a network between nodes
[when]- lacks a scale-up fabric between its GPUs=overNvlink == false
#: LINK is pcie, nvlink, nvswitch, xgmi, infiniband or ethernet (the link tensor parallelism uses)
[when]- links its GPUs over {link:[a-z]+}=linkKind == "{link}"
[when]- spans several nodes=multiNode
[when]- serves a mixture-of-experts model=moe
[when]- stores weights in 16 bits or more=weightBits >= 16
[when]- stores weights in 8 bits or fewer=weightBits <= 8.5
#: W4A16-style formats: weights are quantised, arithmetic is not
[when]- uses weight-only quantisation=weightOnly
[when]- does not store weights in {format:[a-z0-9_.]+}=weights != "{format}"
[when]- stores weights in {format:[a-z0-9_.]+}=weights == "{format}"
[when]- keeps the KV cache in {format:[a-z0-9_.]+}=kv == "{format}"
[when]- may not be used in a datacenter=datacenterUseAllowed == false
#: --region was given and the GPU is export-restricted there
[when]- is export-restricted in the region=constraints.limited, constraints.region != null, exportStatus == "restricted"
#: --region was given and the catalog records no export fact for the GPU there (neither restricted nor allowed)
[when]- has an export status not verified in the region=constraints.limited, constraints.region != null, exportStatus == "not verified"
#: --max-power-w was given and the whole fleet (its nodes' GPUs, CPUs, NICs, switches and fans) draws more
[when]- draws more power than the budget=constraints.limited, constraints.maxPowerW != null, fleetPowerW > constraints.maxPowerW
#: --max-power-w was given and the catalog gives neither the GPU's TDP nor the node's power (the budget cannot be checked)
[when]- has a power budget but no known power=constraints.limited, constraints.maxPowerW != null, fleetPowerKnown == false
#: --max-rack-kw was given and one node draws more than a rack may
[when]- has a node that draws more than a rack allows=constraints.limited, constraints.facility.maxRackKw != null, nodesPerRack < 1
#: --max-rack-kw was given and the fleet needs more than one rack at that limit
[when]- needs more than one rack at the rack limit=constraints.limited, constraints.facility.maxRackKw != null, racksNeeded > 1
#: --racks was given and the fleet needs more racks (at --max-rack-kw, else the catalog's default for the cooling)
[when]- needs more racks than the site has=constraints.limited, constraints.facility.racks != null, racksNeeded > constraints.facility.racks
#: --cooling air was given and the node is liquid-cooled (GB200 NVL72)
[when]- needs liquid cooling the site lacks=constraints.limited, constraints.facility.airCooled, needsLiquidCooling
#: the scenario states procurement terms (a procurement block, a quote, --years, --usd-per-kwh ...)
[when]- is judged for procurement=procurementStated, costed
#: a purchase price is known: a quote in the scenario, or the catalog's
[when]- can be costed for ownership=ownershipPriced
#: no quote and no catalog purchase price for its GPU or node (ownership is unknown, not free)
[when]- cannot be costed for ownership=ownershipPriced == false
#: buying has paid for itself against renting by the end of the amortisation period
[when]- pays back its purchase within the amortisation period=paysBack
[when]- does not pay back its purchase within the amortisation period=paysBack == false
[when]- has a price=priced
[when]- has no price=priced == false

## What the candidate serves: its workload, constraints and the thresholds table's row
#: chat or agent work: a person (or a program) waits on every answer
[when]- serves interactive or document-reading work=(workload.interactive || workload.kind == ScenarioKind.RAG)
[when]- serves interactive work=workload.interactive
#: prompts longer than the thresholds table's "long prompt" (prefill becomes the bottleneck)
[when]- serves long prompts=thresholds.longPrompt
#: KIND is chat, agent, rag or offline
[when]- serves {kind:chat|agent|rag|offline} work=workload.kind == ScenarioKind.{kind!uc}
[when]- serves at most {n} users at once=workload.users <= {n}
[when]- serves at least {n} users at once=workload.users >= {n}
[when]- serves sequences longer than {n} tokens=workload.contextTokens > {n}
[when]- serves prompts longer than {n} tokens=workload.inputTokens > {n}
#: the scenario extends the context (--extend-context, extendContext:) beyond the model's maximum in the catalog
[when]- serves sequences beyond the model's maximum context=workload.contextTokens > modelMaxContext
[when]- is deployed in a datacenter=constraints.datacenter
[when]- is deployed on a workstation=constraints.workstation

## Conditions on the estimate
[when]- runs a batch of at most {n}=batch <= {n}
[when]- runs a batch of at least {n}=batch >= {n}
[when]- runs a batch below {n}=batch < {n}
[when]- runs a batch above the cap=batch > thresholds.batchCap
[when]- has no stated TPOT target that the physics shows it still meets=workload.tpotTargetMs == null || !meetsLatencyTargets
#: BOTTLENECK is memory-bandwidth, compute or communication
[when]- is {bottleneck:[a-z-]+} bound=bottleneck == "{bottleneck}"
#: a speculator drafts tokens the model verifies in one pass (advise adds such candidates where the engine serves the model's heads);
#: it pays when the decode step per token is shorter than the plain step at this batch
[when]- speculates and it pays=speculating, speculativeSpeedup > 1
[when]- speculates but it does not pay=speculating, speculativeSpeedup <= 1
#: advise adds a twin with the prefix cache on where the scenario's prompts repeat (prefixTokens, or the thresholds table's
#: default for the kind) and the engine caches prefixes; it saves prefill when its TTFT is shorter than the twin's without
[when]- caches a repeated prompt prefix that shortens TTFT=prefixCached, ttftSavedMs > 0
#: the TTFT and TPOT targets are the thresholds table's, or the user's --ttft/--tpot
[when]- misses the TTFT target=ttftMs > thresholds.ttftMs
[when]- misses the TPOT target=tpotMs > thresholds.tpotMs
#: only when the user set --tpot
[when]- misses the workload's own TPOT target=workload.tpotTargetMs != null, tpotMs > workload.tpotTargetMs
[when]- has a TTFT over {ms} ms=ttftMs > {ms}
[when]- has a TPOT over {ms} ms=tpotMs > {ms}
#: offline: documents x output tokens / deadline, or --throughput; else the request rate's tokens/s
[when]- delivers less throughput than the workload needs=workload.requiredTokensPerS != null, throughput < workload.requiredTokensPerS
[when]- delivers less than {n} tokens/s=throughput < {n}
[when]- spends more of each step on all-reduce than the limit=communicationShare > thresholds.maxCommShare
[when]- spends less than {percent} % of each step on all-reduce=communicationShare < {percent} / 100.0
#: the thresholds table's minimum free memory share, in a datacenter or on a workstation
[when]- keeps less memory free than the minimum headroom=headroom < minHeadroom
#: the KV cache's share of the memory the deployment uses
#: the same share on the deployment without its prefix cache (a format's credit is judged as its plain twin's)
[when]- has a KV cache over {percent} % of memory before prefix caching=kvShareWithoutPrefixCache > {percent} / 100.0
[when]- has a KV cache over {percent} % of memory=kvShare > {percent} / 100.0
#: the TTFT and TPOT targets hold at the estimate and still at the pessimistic end of its cross-validated error band
[when]- meets its latency targets even at the pessimistic end of the error band=meetsLatencyTargetsAtPessimisticEnd
#: the targets hold at the estimate but not at the pessimistic end of its error band
[when]- meets its latency targets only if the estimate is not pessimistic=meetsLatencyTargets, meetsLatencyTargetsAtPessimisticEnd == false
#: --max-usd-per-hour was given and the candidate is priced above it
[when]- costs more per hour than the budget=constraints.limited, constraints.maxUsdPerHour != null, usdPerHour > constraints.maxUsdPerHour
[when]- costs more to buy than the capital budget=constraints.limited, constraints.maxCapitalUsd != null, capitalUsd > constraints.maxCapitalUsd
#: --max-capital-usd was given and the catalog has no purchase price for the GPU (its cost is unknown, not zero)
[when]- has a capital budget but no purchase price=constraints.limited, constraints.maxCapitalUsd != null, purchasePriced == false
#: --max-usd-per-hour was given and the catalog has no hourly price for the GPU
[when]- has an hourly budget but no hourly price=constraints.limited, constraints.maxUsdPerHour != null, priced == false
[when]- costs more than {usd} USD per million tokens=usdPerMillionTokens > {usd}

## Actions
#: MESSAGE is a quoted text; {name} or {name:%.1f} fills in a number: a candidate property (tpotMs,
#: tp, communicationShare*100, ...) or workload.NAME, constraints.NAME, thresholds.NAME
[then]reject the candidate because {message}=findings.reject(kcontext, $c, findings.fill(kcontext, $c, {message}));
[then]penalise the candidate by {points} because {message}=findings.penalise(kcontext, $c, {points}, findings.fill(kcontext, $c, {message}));
[then]prefer the candidate by {points} because {message}=findings.prefer(kcontext, $c, {points}, findings.fill(kcontext, $c, {message}));
[then]warn about the candidate that {message}=findings.warn(kcontext, $c, findings.fill(kcontext, $c, {message}));
[then]note on the candidate that {message}=findings.note(kcontext, $c, findings.fill(kcontext, $c, {message}));
#: a finding about the whole scenario, not one candidate
[then]advise that {message}=findings.advise(kcontext, findings.fill(kcontext, {message}));
