/**
 * Runs family verifiers over vector files and tallies the results per family and cipher suite. Files
 * listed in the directory's MANIFEST.json are sha256-checked; a directory without a manifest (another
 * set of the same format) is read as it is.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { basename, join } from "node:path"
import { HarnessError } from "../../engine/errors.ts"
import { loadVectorFile } from "../load.ts"
import { caseIds, family as familyNamed, FAMILY_NAMES, OFFICIAL_FAMILIES, type FamilyVerifier } from "./index.ts"

export interface VectorFile {
  /** Path relative to the vectors directory. */
  readonly file: string
  readonly cases: readonly unknown[]
}

export interface CaseFailure {
  readonly file: string
  readonly id: string
  readonly field: string
  readonly expected: string
  readonly actual: string
}

export interface Tally {
  cases: number
  passed: number
  failed: number
}

export interface FamilyReport extends Tally {
  readonly family: string
  readonly files: string[]
  /** Per cipher suite ("none" for families without one), in ascending order. */
  readonly cipherSuites: (Tally & { cipherSuite: number | "none" })[]
  readonly failures: CaseFailure[]
  readonly ms: number
}

function readJson(dir: string, rel: string): unknown {
  if (existsSync(join(dir, "MANIFEST.json"))) return loadVectorFile(rel, dir)
  try {
    return JSON.parse(readFileSync(join(dir, rel), "utf8"))
  } catch (e) {
    throw new HarnessError("E_VECTOR_MISSING", `cannot read vector file ${rel}: ${(e as Error).message}`, rel)
  }
}

function vectorFile(dir: string, rel: string): VectorFile {
  const data = readJson(dir, rel)
  if (!Array.isArray(data)) throw new HarnessError("E_SCENARIO_LOAD", `${rel} must hold an array of cases`, rel)
  return { file: rel, cases: data }
}

/** Where a family's file lives: `mls/<family>.json` (the shipped layout) or `<family>.json`. */
function officialPath(dir: string, name: string): string | undefined {
  return [`mls/${name}.json`, `${name}.json`].find((rel) => existsSync(join(dir, rel)))
}

const isPassiveFormat = (data: unknown) => Array.isArray(data) && data.length > 0
  && data.every((c) => typeof c === "object" && c !== null && "welcome" in c && "epochs" in c)

/** The files `--family passive-client` takes: every JSON file of `dir` in the passive-client format. */
function passiveFormatFiles(dir: string): VectorFile[] {
  const files: VectorFile[] = []
  for (const sub of ["", "mls"]) {
    if (!existsSync(join(dir, sub))) continue
    for (const name of readdirSync(join(dir, sub)).sort()) {
      if (!name.endsWith(".json") || name === "MANIFEST.json") continue
      const rel = sub === "" ? name : `${sub}/${name}`
      const data = readJson(dir, rel)
      if (isPassiveFormat(data)) files.push({ file: rel, cases: data as unknown[] })
    }
  }
  return files
}

/** The verifiers and files to run: one named family, or every official family found in `dir`. */
export function selectFamilies(dir: string, name?: string): { verifier: FamilyVerifier; files: VectorFile[] }[] {
  if (!existsSync(dir)) throw new HarnessError("E_VECTOR_MISSING", `vectors directory ${dir} does not exist`)
  if (name !== undefined) {
    const verifier = familyNamed(name)
    if (verifier === undefined) {
      throw new HarnessError("E_USAGE", `unknown family ${name}; valid families: ${FAMILY_NAMES.join(", ")}`)
    }
    if (name === "passive-client") {
      const files = passiveFormatFiles(dir)
      if (files.length === 0) throw new HarnessError("E_VECTOR_MISSING", `no passive-client format file in ${dir}`)
      return [{ verifier, files }]
    }
    const rel = officialPath(dir, name)
    if (rel === undefined) throw new HarnessError("E_VECTOR_MISSING", `no ${name}.json in ${dir}`)
    return [{ verifier, files: [vectorFile(dir, rel)] }]
  }
  const found = OFFICIAL_FAMILIES.flatMap((verifier) => {
    const rel = officialPath(dir, verifier.family)
    return rel === undefined ? [] : [{ verifier, files: [vectorFile(dir, rel)] }]
  })
  if (found.length === 0) throw new HarnessError("E_VECTOR_MISSING", `no official vector file in ${dir}`)
  return found
}

/** Verifies every case of the files; counts per cipher suite; records the first differing field of each failure. */
export function runFamily(verifier: FamilyVerifier, files: readonly VectorFile[]): FamilyReport {
  const started = performance.now()
  const suites = new Map<number | "none", Tally>()
  const failures: CaseFailure[] = []
  const total: Tally = { cases: 0, passed: 0, failed: 0 }
  for (const { file, cases } of files) {
    const ids = caseIds(cases)
    for (const [i, raw] of cases.entries()) {
      const cs = (raw as { cipher_suite?: unknown } | null)?.cipher_suite
      const key = typeof cs === "number" ? cs : "none"
      const tally = suites.get(key) ?? { cases: 0, passed: 0, failed: 0 }
      suites.set(key, tally)
      const verdict = verifier.verifyCase(raw)
      for (const t of [tally, total]) {
        t.cases++
        if (verdict.ok) t.passed++
        else t.failed++
      }
      if (!verdict.ok) {
        const id = files.length > 1 ? `${basename(file)} ${ids[i]!}` : ids[i]!
        failures.push({ file, id, field: verdict.field, expected: verdict.expected, actual: verdict.actual })
      }
    }
  }
  const cipherSuites = [...suites.entries()]
    .sort(([a], [b]) => (a === "none" ? -1 : b === "none" ? 1 : a - b))
    .map(([cipherSuite, t]) => ({ cipherSuite, ...t }))
  return {
    family: verifier.family, files: files.map((f) => f.file), ...total, cipherSuites, failures,
    ms: Math.round(performance.now() - started),
  }
}
