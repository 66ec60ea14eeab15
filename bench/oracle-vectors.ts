import { loadVectorFile } from "../harness/vectors/load.ts"
import { cipherSuiteImpl } from "../targets/ts-mls/crypto.ts"
import { FAMILIES, type Family, type FamilyRunner, type Tally, type VectorCase } from "./families.ts"
import { machineLoad, ratio, secs, table, timed, type Timed } from "./measure.ts"
import { oracleRunners } from "./oracle-families.ts"
import type { OracleAnswer } from "./oracle-worker.ts"
import type { Bench, BenchResult } from "./registry.ts"
import { TsWorker } from "./ts-worker.ts"
import { tsMlsRunners } from "./tsmls-families.ts"

/** Issue 3: the oracle should verify the vectors at least this many times faster than ts-mls. */
const TARGET_RATIO = 8

type Side = { timing: Timed<Tally> } | { missing: string }

interface FamilyRow {
  family: Family
  cases: number
  oracle: Side
  tsMls: Side
}

async function side(runner: FamilyRunner | undefined, cases: VectorCase[], missing: string): Promise<Side> {
  if (runner === undefined) return { missing }
  try {
    return { timing: await timed(() => runner(cases)) }
  } catch (e) {
    return { missing: `${missing}: ${(e as Error).message}` }
  }
}

const wall = (s: Side) => ("timing" in s ? s.timing.wallMs : undefined)
const cpu = (s: Side) => ("timing" in s ? s.timing.cpuMs : undefined)
const passed = (s: Side) =>
  "timing" in s ? `${s.timing.value.cases - s.timing.value.failed.length}/${s.timing.value.cases}` : "–"
const shown = (ms: number | undefined, s: Side) => (ms === undefined ? ("missing" in s ? s.missing : "–") : secs(ms))
const sum = (rows: FamilyRow[], f: (r: FamilyRow) => number | undefined) => rows.reduce((n, r) => n + (f(r) ?? 0), 0)

/** Longest-processing-time split of the families over `parts` workers, by the oracle's own CPU times. */
function split(rows: FamilyRow[], parts: number): Family[][] {
  const bins = Array.from({ length: parts }, () => ({ ms: 0, families: [] as Family[] }))
  for (const r of [...rows].sort((a, b) => (cpu(b.oracle) ?? 0) - (cpu(a.oracle) ?? 0))) {
    if (cpu(r.oracle) === undefined) continue
    const bin = bins.reduce((a, b) => (b.ms < a.ms ? b : a))
    bin.ms += cpu(r.oracle)!
    bin.families.push(r.family)
  }
  return bins.map((b) => b.families)
}

async function oracleOnWorkers(rows: FamilyRow[], slice?: number): Promise<Timed<OracleAnswer>> {
  const module = new URL("./oracle-worker.ts", import.meta.url)
  const pool = await Promise.all([0, 1].map(() => TsWorker.start(module)))
  try {
    const jobs = split(rows, pool.length)
    return await timed(async () => {
      const answers = await Promise.all(pool.map((w, i) => w.run<OracleAnswer>({ families: jobs[i], slice })))
      return { cases: answers.reduce((n, a) => n + a.cases, 0), failed: answers.flatMap((a) => a.failed) }
    })
  } finally {
    await Promise.all(pool.map((w) => w.close()))
  }
}

/** The oracle and ts-mls, family by family in one process, then the oracle again on two worker threads. */
export async function runOracleVectors(
  families: readonly Family[] = FAMILIES, slice?: number, oracle: Record<Family, FamilyRunner> = oracleRunners,
): Promise<BenchResult> {
  const rows: FamilyRow[] = []
  // Load every module and cipher suite of both sides first, so that no family pays for start-up.
  for (const family of families) {
    await oracle[family]([]).catch(() => undefined)
    await tsMlsRunners[family]?.([])
  }
  for (const id of [1, 2, 3, 4, 5, 6, 7]) await cipherSuiteImpl(id).catch(() => undefined)
  for (const family of families) {
    const all = loadVectorFile<VectorCase[]>(`mls/${family}.json`)
    const cases = slice === undefined ? all : all.slice(0, slice)
    const mine = await side(oracle[family], cases, "n/a (oracle missing)")
    const tsMls = await side(tsMlsRunners[family], cases, "n/a (no ts-mls API)")
    rows.push({ family, cases: cases.length, oracle: mine, tsMls })
  }
  const parallel = await oracleOnWorkers(rows, slice)
  const both = rows.filter((r) => wall(r.oracle) !== undefined && wall(r.tsMls) !== undefined)
  const total = { oracle: sum(both, (r) => wall(r.oracle)), tsMls: sum(both, (r) => wall(r.tsMls)) }
  const totalCpu = { oracle: sum(both, (r) => cpu(r.oracle)), tsMls: sum(both, (r) => cpu(r.tsMls)) }
  const body = rows.map((r) => [
    r.family, r.cases, passed(r.oracle), shown(wall(r.oracle), r.oracle), shown(cpu(r.oracle), r.oracle),
    passed(r.tsMls), shown(wall(r.tsMls), r.tsMls), shown(cpu(r.tsMls), r.tsMls),
    ratio(wall(r.tsMls), wall(r.oracle)), ratio(cpu(r.tsMls), cpu(r.oracle)),
  ])
  body.push([`**total** (${both.length} families on both sides)`, sum(both, (r) => r.cases), "",
    `**${secs(total.oracle)}**`,
    secs(totalCpu.oracle), "", `**${secs(total.tsMls)}**`, secs(totalCpu.tsMls),
    `**${ratio(total.tsMls, total.oracle)}**`, ratio(totalCpu.tsMls, totalCpu.oracle)])
  const failures = rows.flatMap((r) => [
    ...("timing" in r.oracle ? r.oracle.timing.value.failed.map((f) => `oracle ${r.family} ${f}`) : []),
    ...("timing" in r.tsMls ? r.tsMls.timing.value.failed.map((f) => `ts-mls ${r.family} ${f}`) : []),
  ])
  const verdict = (oracleMs: number) => (oracleMs > 0 && total.tsMls / oracleMs >= TARGET_RATIO ? "met" : "not met")
  const text = [
    machineLoad(),
    "One process, each family verified by the oracle and then by ts-mls 1.6.4 (default provider: its async WebCrypto " +
      "calls may also use the thread pool). Wall and process-CPU seconds of one run; JSON loading not timed.",
    "",
    table(["family", "cases", "oracle pass", "oracle s", "CPU s", "ts-mls pass", "ts-mls s", "CPU s",
      "ts-mls ÷ oracle", "(CPU)"], body),
    "",
    `oracle on 2 worker threads (families split by their CPU time above, JSON loading ` +
      `included): ${secs(parallel.wallMs)} s wall for ${parallel.value.cases} cases, ` +
      `${parallel.value.failed.length} failed` +
      ` → ts-mls ÷ oracle ${ratio(total.tsMls, parallel.wallMs)}`,
    `issue 3 target (oracle ≥ ${TARGET_RATIO}× faster than ts-mls, wall): ` + (both.length === 0 ? "not measured"
      : `one thread ${verdict(total.oracle)} (${ratio(total.tsMls, total.oracle)}), ` +
        `2 workers ${verdict(parallel.wallMs)} (${ratio(total.tsMls, parallel.wallMs)})`),
    ...(failures.length === 0 ? []
      : ["", `failures (${failures.length}, first 10):`, ...failures.slice(0, 10).map((f) => `- ${f}`)]),
  ].join("\n")
  const sideData = (s: Side) => "timing" in s
    ? { wallMs: Math.round(s.timing.wallMs), cpuMs: Math.round(s.timing.cpuMs), failed: s.timing.value.failed }
    : s.missing
  const data = {
    load: machineLoad(),
    families: rows.map((r) => ({
      family: r.family, cases: r.cases, oracle: sideData(r.oracle), tsMls: sideData(r.tsMls),
    })),
    total: { oracleMs: Math.round(total.oracle), tsMlsMs: Math.round(total.tsMls) },
    twoWorkers: { wallMs: Math.round(parallel.wallMs), cases: parallel.value.cases, failed: parallel.value.failed },
  }
  return { table: text, data }
}

export const oracleVectorsBench: Bench = {
  name: "oracle-vectors",
  description: "the suite's MLS oracle over all 16 official vector files, next to ts-mls 1.6.4 in the same run",
  run: () => runOracleVectors(),
}
