import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { HarnessError } from "../engine/errors.ts"

/** The vectors shipped with the suite; `--vectors-dir` points elsewhere. */
export const defaultVectorsDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../vectors")

interface ManifestEntry {
  source: string
  path: string
  commit: string
  sha256: string
}

interface Manifest {
  schemaVersion: number
  files: Record<string, ManifestEntry>
}

const manifests = new Map<string, Manifest>()

function manifestOf(dir: string): Manifest {
  let manifest = manifests.get(dir)
  if (manifest === undefined) {
    const file = join(dir, "MANIFEST.json")
    try {
      manifest = JSON.parse(readFileSync(file, "utf8")) as Manifest
    } catch (e) {
      throw new HarnessError("E_VECTOR_MANIFEST", `cannot read ${file}: ${(e as Error).message}`)
    }
    manifests.set(dir, manifest)
  }
  return manifest
}

/** Provenance of a vector file as recorded in the manifest. */
export function vectorProvenance(relPath: string, dir = defaultVectorsDir): ManifestEntry & { file: string } {
  const entry = manifestOf(dir).files[relPath]
  if (entry === undefined) {
    throw new HarnessError("E_VECTOR_UNKNOWN", `${relPath} is not listed in ${join(dir, "MANIFEST.json")}`)
  }
  return { ...entry, file: relPath }
}

/**
 * Reads a vector file and checks its sha256 against the manifest, so a modified or truncated file
 * is a harness error rather than a silent change of what the suite tests.
 */
export function loadVectorBytes(relPath: string, dir = defaultVectorsDir): Uint8Array {
  const entry = vectorProvenance(relPath, dir)
  let bytes: Buffer
  try {
    bytes = readFileSync(join(dir, relPath))
  } catch (e) {
    throw new HarnessError("E_VECTOR_MISSING", `cannot read vector file ${relPath}: ${(e as Error).message}`)
  }
  const actual = createHash("sha256").update(bytes).digest("hex")
  if (actual !== entry.sha256) {
    throw new HarnessError("E_VECTOR_CHECKSUM", `${relPath}: sha256 ${actual} does not match the manifest (${entry.sha256})`)
  }
  return bytes
}

/** Parses a JSON vector file after the checksum check. */
export function loadVectorFile<T = unknown>(relPath: string, dir = defaultVectorsDir): T {
  return JSON.parse(Buffer.from(loadVectorBytes(relPath, dir)).toString("utf8")) as T
}
