import type { CborNode } from "./cbor-read.ts"
import { asArray, asBytes, asText, asUint, at, reject } from "./cbor-schema.ts"
import type { ExternalPart, NestedPart } from "./types.ts"

/** §6.3: "NestedParts MUST NOT be nested more than 4-levels deep"; the top-level part is level 1. */
export const MAX_PART_LEVEL = 4
/** §9.1: a body with more than 1024 parts is discarded. */
export const MAX_PARTS = 1024

const U8 = 0xffn
const U16 = 0xffffn
const U32 = 0xffffffffn
const U64 = 0xffffffffffffffffn
const ARITY: Record<number, number> = { 0: 3, 1: 5, 2: 15, 3: 5 }

/** Reads a NestedPart tree, counting parts in depth-first order against MAX_PARTS. */
export function readNestedPart(node: CborNode, path: string): NestedPart {
  let count = 0
  const part = (n: CborNode, p: string, level: number): NestedPart => {
    count++
    if (level > MAX_PART_LEVEL) {
      reject(n, p, "E_TOO_DEEP", "content.depth.nested-parts", `at most ${MAX_PART_LEVEL} levels`, `level ${level}`)
    }
    if (count > MAX_PARTS) {
      reject(n, p, "E_TOO_MANY_PARTS", "content.limits.part-count", `at most ${MAX_PARTS} parts`, `part #${count}`)
    }
    const items = asArray(n, p, "content.schema.nested-part")
    if (items.length < 3) reject(n, p, "E_WRONG_ARITY", "content.schema.nested-part", "array of at least 3")
    const disposition = Number(asUint(at(items, 0), `${p}.disposition`, "content.schema.disposition", U8))
    const language = asText(at(items, 1), `${p}.language`, "content.schema.nested-part")
    const cardinality = Number(asUint(at(items, 2), `${p}.cardinality`, "content.schema.cardinality", 3n))
    const arity = ARITY[cardinality] as number
    if (items.length !== arity) {
      reject(n, p, "E_WRONG_ARITY", "content.schema.nested-part", `array of ${arity} for cardinality ${cardinality}`)
    }
    const head = { disposition, language }
    switch (cardinality) {
      case 0:
        return { ...head, cardinality: 0 }
      case 1:
        return {
          ...head,
          cardinality: 1,
          contentType: asText(at(items, 3), `${p}.contentType`, "content.schema.nested-part"),
          content: asBytes(at(items, 4), `${p}.content`, "content.schema.nested-part"),
        }
      case 2:
        return { ...head, ...external(items, p) }
      default: {
        const semantics = asUint(at(items, 3), `${p}.partSemantics`, "content.schema.part-semantics", 2n)
        const children = asArray(at(items, 4), `${p}.parts`, "content.schema.nested-part")
        if (children.length < 2) {
          reject(at(items, 4), `${p}.parts`, "E_WRONG_ARITY", "content.schema.multipart-min-parts", "at least 2 parts")
        }
        const parts = children.map((c, i) => part(c, `${p}.parts[${i}]`, level + 1))
        return { ...head, cardinality: 3, partSemantics: Number(semantics) as 0 | 1 | 2, parts }
      }
    }
  }
  return part(node, path, 1)
}

function external(items: readonly CborNode[], p: string): Omit<ExternalPart, "disposition" | "language"> {
  const rule = "content.schema.external-part"
  const text = (i: number, name: string): string => asText(at(items, i), `${p}.${name}`, rule)
  const bytes = (i: number, name: string): Uint8Array => asBytes(at(items, i), `${p}.${name}`, rule)
  const uint = (i: number, name: string, max: bigint): bigint => asUint(at(items, i), `${p}.${name}`, rule, max)
  const value = {
    cardinality: 2 as const,
    contentType: text(3, "contentType"),
    url: text(4, "url"),
    expires: Number(uint(5, "expires", U32)),
    size: uint(6, "size", U64),
    encAlg: Number(uint(7, "encAlg", U16)),
    key: bytes(8, "key"),
    nonce: bytes(9, "nonce"),
    aad: bytes(10, "aad"),
    hashAlg: Number(uint(11, "hashAlg", U8)),
    contentHash: bytes(12, "contentHash"),
    description: text(13, "description"),
    filename: text(14, "filename"),
  }
  if (value.encAlg === 0) {
    for (const [i, name] of [[8, "key"], [9, "nonce"], [10, "aad"]] as const) {
      if (value[name].length !== 0) {
        reject(at(items, i), `${p}.${name}`, "E_WRONG_SIZE", "content.external.unencrypted-fields-empty",
          "zero length when encAlg is 0")
      }
    }
  }
  return value
}
