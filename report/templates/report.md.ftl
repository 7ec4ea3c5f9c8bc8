<#-- Infera report, Markdown. Data: `report` (dev.infera.report.ReportContent), `format`, inline("file").
     Numbers arrive formatted; this file only lays them out. See report/README.md. -->
<#macro table t>
<#if t.rows?size == 0>_None._
<#else>
|<#list t.headers as h> ${h?replace("|", "\\|")} |</#list>
|<#list t.headers as h><#if t.numeric[h?index]> ---: |<#else> --- |</#if></#list>
<#list t.rows as row>
|<#list row as cell> ${cell?replace("|", "\\|")} |</#list>
</#list>
</#if>
</#macro>
<#macro facts list>
<#list list as f>
- **${f.label}:** ${f.value}
</#list>
</#macro>
# ${report.title}

${report.scenarioName}

Date: ${report.date}

## 1. Summary

**${report.sentence}**

<#if report.viable>
### Bill of materials

<@facts report.billOfMaterials/>

### Service levels

<@table report.sla/>

### Cost

<@facts report.cost/>

${report.runnerUp}

${report.alternative}
</#if>

## 2. The request

### Model

<@facts report.model/>

### Workload and SLA

<@facts report.workload/>

### Constraints

<@facts report.constraints/>

### Hardware pool

<@table report.hardwarePool/>

## 3. Comparison

${report.counts}

### Top candidates

<@table report.comparison/>

### Rejected, by rule

<@table report.rejected/>

## 4. Charts

<#if report.charts?size == 0>_No viable configuration to chart._</#if>
<#list report.charts as chart>
### ${chart.title}

${chart.caption}

<@table chart.data/>

</#list>
## 5. Rationale

<#list report.rationale as group>
### ${group.family} (${group.points} points)

<@table group.findings/>

</#list>
<#if !report.scenarioFindings.isEmpty()>
### About this scenario

<@table report.scenarioFindings/>

</#if>
<#if report.derivations?size gt 0>
### Show your work

The formulas behind the recommended deployment's numbers, with its values substituted.

| quantity | formula | with values | result |
| --- | --- | --- | --- |
<#list report.derivations as d>
| ${d.quantity()} | `${d.formula()}` | `${d.substituted()}` | ${d.result()} |
</#list>
</#if>

## 6. Risks and compliance

<#list report.risks as risk>
- **${risk.topic}** (${risk.level}): ${risk.text}
</#list>

### Sensitivity

<@table report.sensitivity/>

## 7. Assumptions and provenance

### Efficiency factors

<@table report.efficiency/>

### Physics constants

<@table report.assumptions/>

### Sources

<@table report.sources/>

### Provenance

- **Infera version:** ${report.version}
- **Catalog fingerprint:** `${report.catalogFingerprint}`
- **Rules fingerprint:** `${report.rulesFingerprint}`
- **Date:** ${report.date}
<#if report.procurement??>
<#assign p = report.procurement>

## 8. Procurement

**${p.summary}**

### Each ranked configuration, bought or rented

<@table p.ranked/>

The sections below are for the recommended configuration.

### Bill of materials by node

<@table p.billOfMaterials/>

### Power and rack plan

<@table p.facility/>

### Owning against renting

<@table p.tco/>

<@table p.priceSources/>

### ${p.cumulative.title}

${p.cumulative.caption}

<@table p.cumulative.data/>

### How sure the headline numbers are

<@table p.bands/>

### Growth

${p.growthSummary}

<#if p.growth.rows?size gt 0>
<@table p.growth/>
</#if>

### Terms

<@table p.terms/>
</#if>
