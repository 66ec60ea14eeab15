import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join, relative, sep } from "node:path"
import { manifestName, sha256Hex, signatureName, type BundleManifest } from "./manifest.ts"
import { verifySignature, type BundleSignature } from "./sign.ts"

export interface BundleProblem {
  /** Path inside the bundle. */
  file: string
  problem: "changed" | "missing" | "unlisted" | "unreadable" | "signature-invalid" | "key-mismatch"
}

export interface VerifyResult {
  ok: boolean
  /** Whether the signature was checked against a key given by the verifier (not the bundle's own). */
  keyPinned: boolean
  /** The key the bundle says signed it (hex). */
  publicKey?: string
  manifest?: BundleManifest
  /** Files whose hash was checked and matched. */
  verified: number
  problems: BundleProblem[]
}

/**
 * Checks an audit bundle: the signature over manifest.json, then the sha256 of every listed file,
 * then that no unlisted file was added. Names each file that differs. With `publicKey` the
 * signature must be by that key; without it, the bundle's embedded key is used (integrity only).
 */
export function verifyBundle(dir: string, publicKey?: Uint8Array): VerifyResult {
  const problems: BundleProblem[] = []
  const pinned = publicKey === undefined ? undefined : Buffer.from(publicKey).toString("hex")
  const sig = readJson<BundleSignature>(dir, signatureName, problems)
  const manifestBytes = readBytes(dir, manifestName, problems)
  if (sig !== undefined && sig.algorithm !== "Ed25519") problems.push({ file: signatureName, problem: "unreadable" })
  else if (sig !== undefined && manifestBytes !== undefined) {
    const valid = verifySignature(manifestBytes, String(sig.signature), pinned ?? String(sig.publicKey))
    if (pinned !== undefined && sig.publicKey !== pinned) {
      problems.push({ file: signatureName, problem: "key-mismatch" })
    }
    // The recorded manifest hash tells a changed manifest from a changed signature file.
    if (sig.manifestSha256 !== sha256Hex(manifestBytes)) {
      problems.push(valid ? { file: signatureName, problem: "changed" } : { file: manifestName, problem: "changed" })
    } else if (!valid) {
      problems.push({ file: signatureName, problem: "signature-invalid" })
    }
  }
  const manifest = manifestBytes === undefined ? undefined : parse<BundleManifest>(manifestBytes)
  if (manifestBytes !== undefined && (manifest === undefined || !Array.isArray(manifest.files))) {
    if (!problems.some((p) => p.file === manifestName)) problems.push({ file: manifestName, problem: "unreadable" })
    return result(problems, pinned, sig, undefined, 0)
  }
  let verified = 0
  const listed = new Set<string>([manifestName, signatureName])
  for (const f of manifest?.files ?? []) {
    listed.add(f.path)
    const bytes = readBytes(dir, f.path, problems)
    if (bytes === undefined) continue
    if (sha256Hex(bytes) !== f.sha256 || bytes.length !== f.bytes) problems.push({ file: f.path, problem: "changed" })
    else verified += 1
  }
  for (const file of walk(dir)) if (!listed.has(file)) problems.push({ file, problem: "unlisted" })
  return result(problems, pinned, sig, manifest, verified)
}

function result(
  problems: BundleProblem[],
  pinned: string | undefined,
  sig: BundleSignature | undefined,
  manifest: BundleManifest | undefined,
  verified: number,
): VerifyResult {
  return {
    ok: problems.length === 0,
    keyPinned: pinned !== undefined,
    ...(sig?.publicKey === undefined ? {} : { publicKey: sig.publicKey }),
    ...(manifest === undefined ? {} : { manifest }),
    verified,
    problems,
  }
}

function readBytes(dir: string, file: string, problems: BundleProblem[]): Uint8Array | undefined {
  const path = join(dir, file)
  if (!existsSync(path)) {
    problems.push({ file, problem: "missing" })
    return undefined
  }
  return new Uint8Array(readFileSync(path))
}

function readJson<T>(dir: string, file: string, problems: BundleProblem[]): T | undefined {
  const bytes = readBytes(dir, file, problems)
  if (bytes === undefined) return undefined
  const value = parse<T>(bytes)
  if (value === undefined || typeof value !== "object") problems.push({ file, problem: "unreadable" })
  return value
}

function parse<T>(bytes: Uint8Array): T | undefined {
  try {
    return JSON.parse(Buffer.from(bytes).toString("utf8")) as T
  } catch {
    return undefined
  }
}

function walk(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => {
      const path = join(dir, d.name)
      return d.isDirectory() ? walk(root, path) : [relative(root, path).split(sep).join("/")]
    })
    .sort()
}
