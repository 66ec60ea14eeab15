import type { CborNode, ReadError } from "./cbor-read.ts"
import { fail, type ContentDecodeError, type ContentErrorCode } from "./errors.ts"
import type { ContentRule } from "./rules.ts"

/** Typed accessors over CborNode for the schema layer: each refuses a mismatch with a rule ID. */

const SIMPLE_NAMES: Record<number, string> = { 20: "false", 21: "true", 22: "null", 23: "undefined" }

export function describeNode(node: CborNode): string {
  switch (node.kind) {
    case "uint":
    case "nint":
      return `int ${node.value}`
    case "bytes":
      return `bytes(${node.value.length})`
    case "text":
      return `text(${new TextEncoder().encode(node.value).length})`
    case "array":
      return `array(${node.items.length})`
    case "map":
      return `map(${node.entries.length})`
    case "tag":
      return `tag ${node.tag}`
    case "simple":
      return SIMPLE_NAMES[node.value] ?? `simple(${node.value})`
    case "float":
      return `float ${node.value}`
  }
}

export function reject(
  node: CborNode, path: string, code: ContentErrorCode, rule: ContentRule, expected: string, got = describeNode(node),
): never {
  return fail({ code, rule, path, offset: node.offset, expected, got })
}

export const isNull = (node: CborNode): boolean => node.kind === "simple" && node.value === 22

export function asBytes(node: CborNode, path: string, rule: ContentRule): Uint8Array {
  if (node.kind !== "bytes") return reject(node, path, "E_WRONG_TYPE", rule, "byte string")
  return node.value.slice()
}

export function asText(node: CborNode, path: string, rule: ContentRule): string {
  if (node.kind !== "text") return reject(node, path, "E_WRONG_TYPE", rule, "text string")
  return node.value
}

export function asBool(node: CborNode, path: string, rule: ContentRule): boolean {
  if (node.kind !== "simple" || (node.value !== 20 && node.value !== 21)) {
    return reject(node, path, "E_WRONG_TYPE", rule, "bool")
  }
  return node.value === 21
}

/** An unsigned integer no larger than `max` (the CDDL `uint .size n` bound). */
export function asUint(node: CborNode, path: string, rule: ContentRule, max: bigint): bigint {
  if (node.kind !== "uint") return reject(node, path, "E_WRONG_TYPE", rule, "unsigned integer")
  if (node.value > max) return reject(node, path, "E_OUT_OF_RANGE", rule, `at most ${max}`, `${node.value}`)
  return node.value
}

export function asArray(node: CborNode, path: string, rule: ContentRule, arity?: number): CborNode[] {
  if (node.kind !== "array") return reject(node, path, "E_WRONG_TYPE", rule, "array")
  if (arity !== undefined && node.items.length !== arity) {
    return reject(node, path, "E_WRONG_ARITY", rule, `array of ${arity}`)
  }
  return node.items
}

/** The item at `index` of an array whose arity was checked already. */
export function at(items: readonly CborNode[], index: number): CborNode {
  const node = items[index]
  if (node === undefined) throw new RangeError(`no item ${index}`)
  return node
}

const FIELDS = ["salt", "replaces", "topicId", "expires", "inReplyTo", "extensions", "nestedPart"]

/** Turns a reader error (index path) into a content error with a rule and a named path. */
export function fromReadError(e: ReadError): ContentDecodeError {
  const [first, ...rest] = e.at
  const head = typeof first === "number" ? `mimiContent.${FIELDS[first] ?? `[${first}]`}` : "mimiContent"
  const path = head + rest.map((s) => (typeof s === "number" ? `[${s}]` : `[${JSON.stringify(s)}]`)).join("")
  const rule = ruleOfReadError(e.code, first)
  return { code: e.code, rule, path, offset: e.offset, expected: e.expected, got: e.got }
}

function ruleOfReadError(code: ContentErrorCode, field: number | string | undefined): ContentRule {
  switch (code) {
    case "E_INDEFINITE_LENGTH":
      return "content.encoding.definite-length"
    case "E_NON_SHORTEST":
    case "E_FLOAT_NOT_SHORTEST":
    case "E_BIGNUM_NOT_REDUCED":
      return "content.encoding.shortest-form"
    case "E_NAN_NOT_CANONICAL":
      return "content.data-model.nan"
    case "E_INVALID_UTF8":
      return "content.data-model.utf8"
    case "E_MAP_KEY_ORDER":
      return "content.encoding.map-key-order"
    case "E_DUPLICATE_KEY":
      return "content.extensions.unique-key"
    case "E_TOO_DEEP":
      if (field === 5) return "content.depth.extensions"
      return field === 6 ? "content.depth.nested-parts" : "content.schema.message"
    default:
      return "content.encoding.well-formed"
  }
}
