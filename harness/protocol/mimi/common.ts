import { codec, decode, encode, type Reader, type Writer } from "../tls-syntax/index.ts"

/** draft-ietf-mimi-protocol-06 §5: `enum { reserved(0), mls10(1), (255) } Protocol`. */
export const PROTOCOLS = [undefined, "mls10"] as const
export type Protocol = NonNullable<(typeof PROTOCOLS)[number]>

export const readProtocol = (r: Reader, field = "protocol"): Protocol => r.enum(field, 1, PROTOCOLS)
export const writeProtocol = (w: Writer, v: Protocol): void => w.u8(PROTOCOLS.indexOf(v))

/** Writes an enum by name from its wire table (1 byte: every MIMI enum ends in `(255)`). */
export function writeEnum<N extends string>(w: Writer, names: readonly (N | undefined)[], name: N): void {
  w.u8(names.indexOf(name))
}

/**
 * `struct { opaque uri<V>; } IdentifierUri` (§5.2). Kept as text: a URI that is not UTF-8 is refused
 * with E_VALUE_INVALID. `RoomId` (used but never defined in §5.7) is read as the same struct.
 */
export function readUri(r: Reader, field: string): string {
  const start = r.pos
  return r.struct(field, (r) => utf8Text(r, "uri", start))
}

export function writeUri(w: Writer, v: string): void {
  w.opaque(new TextEncoder().encode(v))
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true })

/**
 * `string` is never defined in -06 (§1.16 item 7 of our notes); the suite reads it as `opaque<V>`
 * holding UTF-8, the same shape as `UTF8String` in §7.6.
 */
export function readString(r: Reader, field: string): string {
  return utf8Text(r, field, r.pos)
}

export const writeString = writeUri

function utf8Text(r: Reader, field: string, start: number): string {
  const bytes = r.opaque(field)
  try {
    return strictUtf8.decode(bytes)
  } catch {
    return r.fail("E_VALUE_INVALID", field, "UTF-8 text", `${bytes.length} byte(s) that are not UTF-8`, start)
  }
}

/** mls-extensions `struct { ComponentID component_id; opaque data<V>; } ComponentData` (uint16 ID). */
export interface ComponentData {
  componentId: number
  data: Uint8Array
}

/**
 * `struct { ComponentData component_data<V>; } AppDataDictionary`: entries sorted by component_id with
 * at most one per ID ("MUST be sorted ... at most one entry"), enforced on decode.
 */
export function readAppDataDictionary(r: Reader, field: string): ComponentData[] {
  return r.struct(field, (r) => readSortedComponents(r, "component_data", "data"))
}

export function writeAppDataDictionary(w: Writer, v: readonly ComponentData[]): void {
  w.vector(v, (w, c) => {
    w.u16(c.componentId)
    w.opaque(c.data)
  })
}

/** What an item's data must look like, given its component_id: undefined when acceptable. */
export type ItemRule = (componentId: number, data: Uint8Array) => string | undefined

/** `SafeAAD { SafeAADItem aad_items<V> }`, items sorted by component_id (mls-extensions, Safe AAD). */
export function readSafeAad(r: Reader, rule?: ItemRule): ComponentData[] {
  return readSortedComponents(r, "aad_items", "aad_item_data", rule)
}

export const writeSafeAad = writeAppDataDictionary

function readSortedComponents(r: Reader, field: string, dataField: string, rule?: ItemRule): ComponentData[] {
  let previous = -1
  return r.vector(field, (r) => {
    const start = r.pos
    const componentId = r.u16("component_id")
    if (componentId <= previous) {
      r.fail("E_VALUE_INVALID", "component_id", `a component_id above ${previous} (sorted, unique)`,
        String(componentId), start)
    }
    previous = componentId
    const dataStart = r.pos
    const data = r.opaque(dataField)
    const expected = rule?.(componentId, data)
    if (expected !== undefined) r.fail("E_VALUE_INVALID", dataField, expected, `${data.length} byte(s)`, dataStart)
    return { componentId, data }
  })
}

export const appDataDictionaryCodec = codec("AppDataDictionary", (r) => readAppDataDictionary(r, "component_data"),
  writeAppDataDictionary)
export const safeAadCodec = codec("SafeAAD", readSafeAad, writeSafeAad)
export const decodeSafeAad = (b: Uint8Array) => decode(safeAadCodec, b)
export const encodeSafeAad = (v: readonly ComponentData[]) => encode(safeAadCodec, v as ComponentData[])

/** Reads a vector of uint16 values, e.g. `CipherSuite acceptableCiphersuites<V>`. */
export const readU16s = (r: Reader, field: string, item: string): number[] => r.vector(field, (r) => r.u16(item))
export const writeU16s = (w: Writer, v: readonly number[]): void => w.vector(v, (w, x) => w.u16(x))
