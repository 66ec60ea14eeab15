import type { Verdict } from "../../harness/engine/verdict.ts"

/** Verdict colours (and `untested`), used by the CSS, the legend and the charts alike. */
export const colours: Record<Verdict | "untested", string> = {
  pass: "#1a7f37",
  info: "#0969da",
  warn: "#9a6700",
  flaky: "#8250df",
  "n/a": "#6e7781",
  unsupported: "#57606a",
  fail: "#cf222e",
  timeout: "#bc4c00",
  error: "#82071e",
  untested: "#afb8c1",
}

export const meanings: Record<Verdict | "untested", string> = {
  pass: "the requirement held",
  info: "a MAY was not taken up, for information only",
  warn: "a SHOULD was violated",
  flaky: "passed only on a retry",
  "n/a": "outside the selected profiles",
  unsupported: "the target declared that it does not support this",
  fail: "a MUST was violated",
  timeout: "the target did not answer in time",
  error: "harness, configuration or transport trouble: the verdict is unknown",
  untested: "no scenario of this run exercised the requirement",
}

const verdictCss = Object.entries(colours)
  .map(([v, c]) => `.v-${cssName(v)}{background:${c}}\n.check.c-${cssName(v)}{border-color:${c}}`)
  .join("\n")

export function cssName(verdict: string): string {
  return verdict === "n/a" ? "na" : verdict
}

export const css = `
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
main{max-width:1200px;margin:0 auto;padding:16px 24px 48px}
header{background:#fff;border-bottom:1px solid #d0d7de;padding:16px 24px}
header h1{margin:0 0 6px;font-size:22px}
h2{margin:32px 0 8px;font-size:18px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
h3{margin:20px 0 6px;font-size:15px}
.meta{display:flex;flex-wrap:wrap;gap:4px 20px;color:#57606a;margin:6px 0}
.meta b{color:#1f2328;font-weight:600}
.pill{display:inline-block;color:#fff;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600}
.pill{white-space:nowrap}
.exit{font-size:15px;font-weight:600;margin:8px 0 0}
.exit-0{color:#1a7f37}.exit-1{color:#cf222e}.exit-2{color:#82071e}
.counts{display:flex;flex-wrap:wrap;gap:6px;margin-top:8px}
nav{margin:8px 0;display:flex;gap:14px;flex-wrap:wrap}
a{color:#0969da}
table{border-collapse:collapse;width:100%;background:#fff;margin:6px 0 12px}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600}
tr.group th{background:#eaeef2}
table.reqs{table-layout:fixed}
table.reqs th:nth-child(1){width:110px}table.reqs th:nth-child(3){width:80px}
table.reqs th:nth-child(4){width:24%}table.reqs th:nth-child(5){width:18%}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{white-space:pre-wrap;word-break:break-all;background:#f6f8fa;border:1px solid #d0d7de;padding:6px;margin:4px 0}
pre{max-height:420px;overflow:auto}
.keys{display:flex;flex-wrap:wrap;gap:4px 12px;margin:4px 0}
.legend{display:grid;grid-template-columns:repeat(auto-fill,minmax(270px,1fr));gap:4px 16px}
.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:end;background:#fff;border:1px solid #d0d7de;padding:10px}
.filters{position:sticky;top:0;z-index:2}
.filters label{display:flex;flex-direction:column;font-size:12px;color:#57606a}
.filters select,.filters input{font:inherit;padding:3px 6px}
.filters input{min-width:240px}
.scenario{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;margin:10px 0}
.scenario h3{margin:0 0 4px}
.check{border-left:4px solid #d0d7de;padding:2px 8px;margin:6px 0}
.kv{display:grid;grid-template-columns:90px 1fr;gap:2px 8px}
.kv dt{color:#57606a}.kv dd{margin:0}
.dev{background:#fff8c5;border:1px solid #d4a72c;padding:1px 6px;border-radius:4px;font-size:12px}
.muted{color:#57606a}
.callout{padding:2px 8px;border-left:4px solid #9a6700;background:#fff8c5;margin:4px 0}
svg text{font:11px system-ui,sans-serif;fill:#1f2328}
${verdictCss}
`

/** The filter script: hides rows and scenario cards that do not match; no network, no globals kept. */
export const script = `
(function(){
  var form=document.getElementById("filters");
  if(!form)return;
  var items=document.querySelectorAll("[data-filter]");
  var groups=document.querySelectorAll("[data-group]");
  var count=document.getElementById("shown");
  function has(list,v){return v===""||(" "+list+" ").indexOf(" "+v+" ")>=0}
  function apply(){
    var f={};
    ["verdict","profile","area","level"].forEach(function(k){f[k]=form.elements[k].value});
    var q=form.elements.q.value.trim().toLowerCase();
    var shown=0;
    items.forEach(function(el){
      var d=el.dataset;
      var ok=has(d.verdict,f.verdict)&&has(d.profile,f.profile)&&has(d.area,f.area)&&has(d.level,f.level)
        &&(q===""||d.search.indexOf(q)>=0);
      el.hidden=!ok;
      if(ok&&d.filter==="requirement")shown++;
    });
    groups.forEach(function(g){g.hidden=g.querySelector("[data-filter]:not([hidden])")===null});
    if(count)count.textContent=String(shown);
  }
  form.addEventListener("input",apply);
  form.addEventListener("change",apply);
  form.addEventListener("submit",function(e){e.preventDefault()});
  apply();
})();
`
