import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import type { AuditInfo, RunReport } from "../model.ts"
import { buildManifest, manifestName, sha256Hex, signatureName } from "./manifest.ts"
import { signManifest } from "./sign.ts"

/**
 * Writes an audit bundle: the given report files, one evidence transcript per scenario, the
 * manifest (sha256 of every file) and its Ed25519 signature. The folder is emptied first, so
 * nothing unlisted is left in it. Returns the paths written, relative to `dir`.
 */
export function writeBundle(
  dir: string,
  report: RunReport,
  audit: AuditInfo,
  reports: Array<{ path: string; content: string | Uint8Array }>,
  privateKey: Uint8Array,
): string[] {
  const files = [...reports, ...evidenceFiles(report)].map((f) => ({
    path: f.path,
    bytes: typeof f.content === "string" ? new Uint8Array(Buffer.from(f.content, "utf8")) : f.content,
  }))
  rmSync(dir, { recursive: true, force: true })
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true })
    writeFileSync(join(dir, f.path), f.bytes)
  }
  const text = `${JSON.stringify(buildManifest(report, audit, files), null, 2)}\n`
  const manifest = new Uint8Array(Buffer.from(text, "utf8"))
  writeFileSync(join(dir, manifestName), manifest)
  const signature = signManifest(manifest, sha256Hex(manifest), privateKey)
  writeFileSync(join(dir, signatureName), `${JSON.stringify(signature, null, 2)}\n`)
  return [...files.map((f) => f.path), manifestName, signatureName]
}

/** One transcript per scenario that has evidence: `evidence/<n>-<id>.txt`, numbered in ID order. */
export function evidenceFiles(report: RunReport): Array<{ path: string; content: string }> {
  const list = [...report.scenarios].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return list.flatMap((s, i) => {
    if (s.evidence.length === 0) return []
    const name = `${String(i + 1).padStart(3, "0")}-${s.id.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80)}.txt`
    const head = `scenario ${s.id}\nverdict ${s.verdict}\n`
    const body = s.evidence.map((ev, j) => `\n## ${j + 1}. ${ev.label} (${ev.kind})\n${ev.data}\n`).join("")
    return [{ path: `evidence/${name}`, content: head + body }]
  })
}
