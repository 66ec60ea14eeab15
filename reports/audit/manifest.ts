import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { HarnessError } from "../../harness/engine/errors.ts"
import type { AuditInfo, RunReport } from "../model.ts"

export const manifestName = "manifest.json"
export const signatureName = "signature.json"

/** What `manifest.json` of an audit bundle records. Signed as its exact bytes. */
export interface BundleManifest {
  schemaVersion: 1
  kind: "e2ee-conformance audit bundle"
  suite: RunReport["suite"]
  run: { id: string; startedAt: string; finishedAt: string }
  target: { name: string; kind: string; version?: string; configHash: string }
  vectors: AuditInfo["vectors"]
  redactions: number
  /** Every other file of the bundle, in path order. */
  files: Array<{ path: string; sha256: string; bytes: number }>
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex")
}

export function buildManifest(
  report: RunReport,
  audit: AuditInfo,
  files: Array<{ path: string; bytes: Uint8Array }>,
): BundleManifest {
  const t = report.target
  return {
    schemaVersion: 1,
    kind: "e2ee-conformance audit bundle",
    suite: report.suite,
    run: { id: report.run.id, startedAt: report.run.startedAt, finishedAt: report.run.finishedAt },
    target: {
      name: t.name,
      kind: t.kind,
      ...(t.version === undefined ? {} : { version: t.version }),
      configHash: audit.configHash,
    },
    vectors: audit.vectors,
    redactions: report.redactions?.length ?? 0,
    files: [...files]
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
      .map((f) => ({ path: f.path, sha256: sha256Hex(f.bytes), bytes: f.bytes.length })),
  }
}

/**
 * The hashes the run's verdicts rest on: every vector file listed in the vectors folder's
 * MANIFEST.json, hashed as it is on disk now (not as the manifest claims).
 */
export function vectorHashes(vectorsDir: string): AuditInfo["vectors"] {
  let manifestBytes: Buffer
  try {
    manifestBytes = readFileSync(join(vectorsDir, "MANIFEST.json"))
  } catch (e) {
    throw new HarnessError("E_VECTOR_MANIFEST", `cannot read the vectors manifest: ${(e as Error).message}`)
  }
  const parsed = JSON.parse(manifestBytes.toString("utf8")) as { files: Record<string, unknown> }
  const listed = Object.keys(parsed.files).sort()
  const files: Record<string, string> = {}
  for (const rel of listed) {
    try {
      files[rel] = sha256Hex(readFileSync(join(vectorsDir, rel)))
    } catch (e) {
      throw new HarnessError("E_VECTOR_MISSING", `cannot read vector file ${rel}: ${(e as Error).message}`)
    }
  }
  return { manifestSha256: sha256Hex(manifestBytes), files }
}
