<#ftl output_format="XHTML">
<#-- Infera report, HTML (also rendered to the A4 PDF by openhtmltopdf, so keep it well-formed XHTML:
     close every tag, no &nbsp; - use &#160;). Data: `report` (dev.infera.report.ReportContent), `format`
     ("html" or "pdf"), inline("file") for images beside this template. See report/README.md. -->
<#macro table t cls="">
<#if t.rows?size == 0><p class="none">None.</p><#else>
<table class="${cls}">
<thead><tr><#list t.headers as h><th<#if t.numeric[h?index]> class="num"</#if>>${h}</th></#list></tr></thead>
<tbody>
<#list t.rows as row><tr><#list row as cell><td<#if t.numeric[cell?index]> class="num"</#if>>${cell}</td></#list></tr>
</#list>
</tbody>
</table>
</#if>
</#macro>
<#-- Two columns of which the second holds long text (URLs): fixed widths, so neither wraps a few characters a line on A4. -->
<#macro urlTable t>
<#if t.rows?size == 0><p class="none">None.</p><#else>
<table class="wide urls">
<colgroup><col class="label"/><col class="text"/></colgroup>
<thead><tr><#list t.headers as h><th>${h}</th></#list></tr></thead>
<tbody>
<#list t.rows as row><tr><#list row as cell><td>${cell}</td></#list></tr>
</#list>
</tbody>
</table>
</#if>
</#macro>
<#macro facts list>
<table class="facts"><tbody>
<#list list as f><tr><th>${f.label}</th><td>${f.value}</td></tr>
</#list>
</tbody></table>
</#macro>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en">
<head>
<meta charset="UTF-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>${report.title}</title>
<style>
  @page {
    size: A4;
    margin: 18mm 15mm 20mm 15mm;
    @top-right { content: "Infera advisory report"; font-family: Helvetica, Arial, sans-serif; font-size: 8pt; color: #777; }
    @bottom-center { content: "Page " counter(page) " of " counter(pages); font-family: Helvetica, Arial, sans-serif; font-size: 8pt; color: #555; }
  }
  body { font-family: Helvetica, Arial, sans-serif; font-size: 10pt; line-height: 1.4; color: #222; margin: 0 auto; max-width: 190mm; padding: 0 6mm; }
  h1 { font-size: 18pt; margin: 0 0 2pt 0; color: #12355b; }
  h2 { font-size: 13pt; color: #12355b; border-bottom: 1.5pt solid #12355b; padding-bottom: 2pt; margin-top: 18pt; page-break-after: avoid; }
  h3 { font-size: 11pt; margin: 12pt 0 4pt 0; page-break-after: avoid; }
  .letterhead { border-bottom: 3pt solid #12355b; padding-bottom: 6pt; margin-bottom: 10pt; }
  .meta { color: #555; font-size: 9pt; }
  .verdict { background: #eef4fb; border-left: 4pt solid #12355b; padding: 6pt 10pt; font-size: 11pt; font-weight: bold; }
  table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt 0; font-size: 8.5pt; page-break-inside: auto; }
  tr { page-break-inside: avoid; }
  th, td { border-bottom: 0.5pt solid #ccc; padding: 2pt 4pt; text-align: left; vertical-align: top; }
  /* Only long unbroken text (URLs) may break anywhere; elsewhere words stay whole. */
  table.urls td { word-wrap: break-word; overflow-wrap: anywhere; }
  /* A4: two-column tables of long text get fixed widths, or the long column shrinks to a few characters a line. */
  table.urls { table-layout: fixed; }
  table.urls col.label { width: 24%; }
  table.urls col.text { width: 76%; }
  thead th { background: #12355b; color: #fff; font-weight: bold; }
  td.num, th.num { text-align: right; white-space: nowrap; }
  table.facts th { width: 32%; background: #f4f6f8; color: #222; font-weight: bold; }
  table.wide { font-size: 7.5pt; }
  .none { color: #777; font-style: italic; }
  figure { margin: 8pt 0 12pt 0; page-break-inside: avoid; }
  figure svg { max-width: 100%; height: auto; }
  figcaption { font-size: 8.5pt; color: #555; }
  code { font-family: "Courier New", Courier, monospace; font-size: 8pt; }
  .risk-high { color: #b00020; font-weight: bold; }
  .risk-medium, .risk-warning { color: #a05a00; font-weight: bold; }
  .risk-ok, .risk-note { color: #2e7d32; font-weight: bold; }
  .provenance td { font-family: "Courier New", Courier, monospace; }
  @media print { body { max-width: none; padding: 0; } }
</style>
</head>
<body>
<div class="letterhead">
  <#-- Letterhead: put logo.png beside this template and uncomment (keeps the file self-contained):
  <img src="${inline("logo.png")}" alt="" style="height: 32pt; float: right;"/> -->
  <h1>${report.title}</h1>
  <div class="meta">${report.scenarioName}</div>
  <div class="meta">Date: ${report.date}</div>
</div>

<h2>1. Summary</h2>
<p class="verdict">${report.sentence}</p>
<#if report.viable>
<h3>Bill of materials</h3>
<@facts report.billOfMaterials/>
<h3>Service levels</h3>
<@table report.sla/>
<h3>Cost</h3>
<@facts report.cost/>
<p>${report.runnerUp}</p>
<p>${report.alternative}</p>
</#if>

<h2>2. The request</h2>
<h3>Model</h3>
<@facts report.model/>
<h3>Workload and SLA</h3>
<@facts report.workload/>
<h3>Constraints</h3>
<@facts report.constraints/>
<h3>Hardware pool</h3>
<@table report.hardwarePool/>

<h2>3. Comparison</h2>
<p>${report.counts}</p>
<h3>Top candidates</h3>
<@table report.comparison "wide"/>
<h3>Rejected, by rule</h3>
<@table report.rejected "wide"/>

<h2>4. Charts</h2>
<#if report.charts?size == 0><p class="none">No viable configuration to chart.</p></#if>
<#list report.charts as chart>
<figure id="chart-${chart.id}">
${chart.svg?no_esc}
<figcaption>${chart.caption}</figcaption>
</figure>
</#list>

<h2>5. Rationale</h2>
<#list report.rationale as group>
<h3>${group.family} (${group.points} points)</h3>
<@table group.findings/>
</#list>
<#if !report.scenarioFindings.isEmpty()>
<h3>About this scenario</h3>
<@table report.scenarioFindings/>
</#if>
<#if report.derivations?size gt 0>
<h3>Show your work</h3>
<p>The formulas behind the recommended deployment's numbers, with its values substituted.</p>
<table class="wide">
<thead><tr><th>quantity</th><th>formula</th><th>with values</th><th>result</th></tr></thead>
<tbody>
<#list report.derivations as d><tr><td>${d.quantity()}</td><td><code>${d.formula()}</code></td><td><code>${d.substituted()}</code></td><td>${d.result()}</td></tr>
</#list>
</tbody>
</table>
</#if>

<h2>6. Risks and compliance</h2>
<table>
<thead><tr><th>topic</th><th>level</th><th>assessment</th></tr></thead>
<tbody>
<#list report.risks as risk><tr><td>${risk.topic}</td><td class="risk-${risk.level}">${risk.level}</td><td>${risk.text}</td></tr>
</#list>
</tbody>
</table>
<h3>Sensitivity</h3>
<@table report.sensitivity "wide"/>

<h2>7. Assumptions and provenance</h2>
<h3>Efficiency factors</h3>
<@table report.efficiency/>
<h3>Physics constants</h3>
<@table report.assumptions/>
<h3>Sources</h3>
<@urlTable report.sources/>
<h3>Provenance</h3>
<table class="facts provenance"><tbody>
<tr><th>Infera version</th><td>${report.version}</td></tr>
<tr><th>Catalog fingerprint</th><td>${report.catalogFingerprint}</td></tr>
<tr><th>Rules fingerprint</th><td>${report.rulesFingerprint}</td></tr>
<tr><th>Date</th><td>${report.date}</td></tr>
</tbody></table>

<#if report.procurement??>
<#assign p = report.procurement>
<h2>8. Procurement</h2>
<p class="verdict">${p.summary}</p>
<h3>Each ranked configuration, bought or rented</h3>
<@table p.ranked "wide"/>
<p>The sections below are for the recommended configuration.</p>
<h3>Bill of materials by node</h3>
<@table p.billOfMaterials "wide"/>
<h3>Power and rack plan</h3>
<@table p.facility/>
<h3>Owning against renting</h3>
<@table p.tco "wide"/>
<@urlTable p.priceSources/>
<figure id="chart-${p.cumulative.id}">
${p.cumulative.svg?no_esc}
<figcaption>${p.cumulative.caption}</figcaption>
</figure>
<h3>How sure the headline numbers are</h3>
<@table p.bands "wide"/>
<h3>Growth</h3>
<p>${p.growthSummary}</p>
<#if p.growth.rows?size gt 0><@table p.growth/></#if>
<h3>Terms</h3>
<@table p.terms/>
</#if>
</body>
</html>
