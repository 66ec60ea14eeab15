import { decodeRatchetTree as tsDecodeTree } from "ts-mls/ratchetTree.js"
import { validateRatchetTree as tsValidateTree } from "ts-mls/clientState.js"
import { defaultAuthenticationService, defaultLifetimeConfig } from "ts-mls"
import { decodeRatchetTree } from "../harness/protocol/mls/codec/index.ts"
import { cipherSuite } from "../harness/protocol/mls/crypto/suites.ts"
import { LeafSignaturePool } from "../harness/protocol/mls/tree/signature-pool.ts"
import { validateRatchetTree } from "../harness/protocol/mls/validate/index.ts"
import { validateRatchetTreeParallel } from "../harness/protocol/mls/validate/ratchet-tree-parallel.ts"
import { cipherSuiteImpl } from "../targets/ts-mls/crypto.ts"
import { machineLoad, ratio, secs, table, timed, type Timed } from "./measure.ts"
import type { Bench, BenchResult } from "./registry.ts"
import { synthTree, type SynthTree } from "./synth-tree.ts"

const SIZES = [1000, 10_000, 50_000]
/** ts-mls 1.6.4 cannot encode a vector of more than ≈11k elements, i.e. a tree above ≈5,500 members. */
const TS_MLS_MAX = 10_000

/** The oracle's full join-time validation (§12.4.3.1) on one thread: decode, then validateRatchetTree. */
function oracleOneThread(t: SynthTree): string {
  const decoded = decodeRatchetTree(t.bytes)
  if (!decoded.ok) return `decode: ${decoded.error.code}`
  const v = validateRatchetTree(cipherSuite(1)!, decoded.value, { groupId: t.groupId, treeHash: t.treeHash })
  return v.length === 0 ? "valid" : `${v.length} violations, first ${v[0]!.rule}`
}

/** The oracle's parallel validator: leaf signatures on two worker threads, the rest on this one. */
async function oracleTwoWorkers(t: SynthTree, pool: LeafSignaturePool): Promise<string> {
  const decoded = decodeRatchetTree(t.bytes)
  if (!decoded.ok) return `decode: ${decoded.error.code}`
  const v = await validateRatchetTreeParallel(cipherSuite(1)!, decoded.value, { groupId: t.groupId, treeHash: t.treeHash }, pool)
  return v.length === 0 ? "valid" : `${v.length} violations, first ${v[0]!.rule}`
}

/** ts-mls 1.6.4 (default provider, as joinGroup runs it): decodeRatchetTree, then validateRatchetTree. */
async function tsMls(t: SynthTree): Promise<string> {
  const impl = await cipherSuiteImpl(1)
  const decoded = tsDecodeTree(t.bytes, 0)
  if (decoded === undefined) return "does not decode"
  const context = {
    version: "mls10" as const, cipherSuite: "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519" as const,
    groupId: t.groupId, epoch: 1n, treeHash: t.treeHash, confirmedTranscriptHash: new Uint8Array(32), extensions: [],
  }
  const err = await tsValidateTree(decoded[0], context, defaultLifetimeConfig, defaultAuthenticationService,
    t.treeHash, impl)
  return err === undefined ? "valid" : `${err.name}: ${err.message}`
}

interface Row {
  leaves: number
  treeBytes: number
  oracle: Timed<string>
  workers: Timed<string>
  tsMls?: Timed<string>
}

const perLeaf = (t: Timed<string>, n: number) => `${((t.wallMs * 1000) / n).toFixed(0)} µs`
const cell = (t: Timed<string>) => (t.value === "valid" ? secs(t.wallMs) : `${secs(t.wallMs)} (${t.value})`)

/** Runs the comparison at the given sizes; ts-mls only up to `tsMlsMax` leaves. */
export async function runTreeValidation(sizes = SIZES, tsMlsMax = TS_MLS_MAX): Promise<BenchResult> {
  const rows: Row[] = []
  await cipherSuiteImpl(1)
  const pool = await LeafSignaturePool.start(2)
  try {
    for (const n of sizes) {
      const tree = synthTree(n)
      const oracle = await timed(() => oracleOneThread(tree))
      const workers = await timed(() => oracleTwoWorkers(tree, pool))
      const ts = n <= tsMlsMax ? await timed(() => tsMls(tree)) : undefined
      rows.push({ leaves: n, treeBytes: tree.bytes.length, oracle, workers, ...(ts ? { tsMls: ts } : {}) })
    }
  } finally {
    await pool.close()
  }
  const body = rows.map((r) => [
    r.leaves, r.treeBytes, cell(r.oracle), perLeaf(r.oracle, r.leaves), secs(r.oracle.cpuMs), cell(r.workers),
    perLeaf(r.workers, r.leaves),
    r.tsMls ? cell(r.tsMls) : "not run: ts-mls 1.6.4 cannot encode a tree above ≈5,500 members",
    r.tsMls ? perLeaf(r.tsMls, r.leaves) : "–", r.tsMls ? secs(r.tsMls.cpuMs) : "–",
    ratio(r.tsMls?.wallMs, r.oracle.wallMs), ratio(r.tsMls?.cpuMs, r.oracle.cpuMs),
  ])
  const text = [
    machineLoad(),
    "Synthetic trees: suite 1 (Ed25519), KeyPackage leaves, blank parents, fixed seed. Wall time of one run " +
      "each (workers started beforehand); the 2-worker column is validateRatchetTreeParallel: the signatures on two " +
      "threads, the tree and parent hashes and the other checks on the main one.",
    "",
    table(["leaves", "tree bytes", "oracle 1 thread s", "per leaf", "CPU s", "oracle 2 workers s", "per leaf",
      "ts-mls 1.6.4 s", "per leaf", "CPU s", "ts-mls ÷ oracle (wall)", "(CPU)"], body),
  ].join("\n")
  const data = rows.map((r) => ({
    leaves: r.leaves, treeBytes: r.treeBytes,
    oracle: { wallMs: Math.round(r.oracle.wallMs), cpuMs: Math.round(r.oracle.cpuMs), result: r.oracle.value },
    twoWorkers: { wallMs: Math.round(r.workers.wallMs), cpuMs: Math.round(r.workers.cpuMs), result: r.workers.value },
    tsMls: r.tsMls
      ? { wallMs: Math.round(r.tsMls.wallMs), cpuMs: Math.round(r.tsMls.cpuMs), result: r.tsMls.value } : null,
  }))
  return { table: text, data: { load: machineLoad(), rows: data } }
}

export const treeValidationBench: Bench = {
  name: "tree-validation",
  description: "ratchet-tree validation at 1k / 10k / 50k leaves: the oracle next to ts-mls 1.6.4",
  run: () => runTreeValidation(),
}
