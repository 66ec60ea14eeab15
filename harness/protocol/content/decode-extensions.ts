import type { CborNode } from "./cbor-read.ts"
import { asText, reject } from "./cbor-schema.ts"
import type { ExtensionEntry, Extensions } from "./types.ts"

/** §6.3: the extensions map is level 1; tags, maps and arrays inside it may reach level 4. */
export const MAX_EXTENSION_LEVEL = 4
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/** Reads the extensions map (§4.3, §6.2, §6.3); unknown extension values keep their exact bytes. */
export function readExtensions(node: CborNode, path: string, bytes: Uint8Array): Extensions {
  if (node.kind !== "map") return reject(node, path, "E_WRONG_TYPE", "content.schema.message", "map")
  let senderUri: string | null = null
  let roomUri: string | null = null
  const other: ExtensionEntry[] = []
  for (const [k, v] of node.entries) {
    const key = extensionKey(k, path)
    const p = `${path}[${JSON.stringify(key)}]`
    if (key === 1) senderUri = asText(v, p, "content.extensions.uri-types")
    else if (key === 2) roomUri = asText(v, p, "content.extensions.uri-types")
    else other.push({ key, value: bytes.slice(v.offset, v.end) })
    checkValue(v, p, 2)
  }
  return { senderUri, roomUri, other }
}

function extensionKey(k: CborNode, path: string): number | string {
  const p = `${path}.key@${k.offset}`
  if (k.kind === "uint" || k.kind === "nint") return Number(integerKey(k, p))
  if (k.kind !== "text") {
    return reject(k, p, "E_KEY_TYPE", "content.data-model.extension-key-type", "int or text key")
  }
  const n = new TextEncoder().encode(k.value).length
  if (n < 1 || n > 255) {
    reject(k, p, "E_KEY_TYPE", "content.data-model.extension-key-type", "text key of 1..255 octets", `${n} octets`)
  }
  return k.value
}

function integerKey(k: CborNode & { kind: "uint" | "nint" }, p: string): bigint {
  if (k.value > MAX_SAFE || k.value < -MAX_SAFE) {
    reject(k, p, "E_OUT_OF_RANGE", "content.data-model.integer-key-range", "|key| <= 2^53 - 1", `${k.value}`)
  }
  return k.value
}

/** Depth and key types inside an extension value; `level` is the level a container here would have. */
function checkValue(v: CborNode, p: string, level: number): void {
  if (v.kind !== "array" && v.kind !== "map" && v.kind !== "tag") return
  if (level > MAX_EXTENSION_LEVEL) {
    reject(v, p, "E_TOO_DEEP", "content.depth.extensions", `at most ${MAX_EXTENSION_LEVEL} levels`, `level ${level}`)
  }
  if (v.kind === "array") v.items.forEach((item, i) => checkValue(item, `${p}[${i}]`, level + 1))
  else if (v.kind === "tag") checkValue(v.content, `${p}.tag(${v.tag})`, level + 1)
  else {
    for (const [key, value] of v.entries) {
      const kp = `${p}.key@${key.offset}`
      if (key.kind === "uint" || key.kind === "nint") integerKey(key, kp)
      else if (key.kind !== "text" && key.kind !== "bytes") {
        reject(key, kp, "E_KEY_TYPE", "content.data-model.nested-key-type", "int, text or byte string key")
      }
      checkValue(value, `${p}[${key.offset}]`, level + 1)
    }
  }
}
