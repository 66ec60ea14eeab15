import { DecodeFailure, type DecodeErrorCode } from "./errors.ts"

type Segment = string | number

/**
 * A strict cursor over a byte buffer. Reads return subarray views of the input (no copies), so
 * decoded values stay valid only while the input is not mutated.
 */
export class Reader {
  pos = 0
  end: number
  private readonly view: DataView
  private readonly path: Segment[] = []

  constructor(readonly buf: Uint8Array, readonly root: string) {
    this.end = buf.length
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  }

  fail(code: DecodeErrorCode, field: string, expected: string, got: string, offset = this.pos): never {
    throw new DecodeFailure({ code, struct: this.root, fieldPath: this.render(field), offset, expected, got })
  }

  private render(field: string): string {
    let out = this.root
    for (const s of this.path) out += typeof s === "number" ? `[${s}]` : `.${s}`
    return field === "" ? out : `${out}.${field}`
  }

  private need(n: number, field: string): void {
    if (this.pos + n > this.end) this.fail("E_TRUNCATED", field, `${n} byte(s)`, `${this.end - this.pos} byte(s) left`)
  }

  u8(field: string): number {
    this.need(1, field)
    return this.buf[this.pos++]!
  }

  u16(field: string): number {
    this.need(2, field)
    const v = this.view.getUint16(this.pos)
    this.pos += 2
    return v
  }

  u32(field: string): number {
    this.need(4, field)
    const v = this.view.getUint32(this.pos)
    this.pos += 4
    return v
  }

  u64(field: string): bigint {
    this.need(8, field)
    const v = this.view.getBigUint64(this.pos)
    this.pos += 8
    return v
  }

  /** RFC 9420 §2.1.2 variable-length integer; the shortest encoding is required. */
  varint(field: string): number {
    const start = this.pos
    this.need(1, field)
    const first = this.buf[this.pos]!
    const prefix = first >> 6
    if (prefix === 3) this.fail("E_VARINT_RESERVED", field, "length prefix 0b00, 0b01 or 0b10", "0b11")
    const size = 1 << prefix
    this.need(size, field)
    let v = first & 0x3f
    for (let i = 1; i < size; i++) v = v * 256 + this.buf[this.pos + i]!
    if ((size === 2 && v < 64) || (size === 4 && v < 16384)) {
      this.fail("E_VARINT_NON_MINIMAL", field, `the shortest encoding of ${v}`, `${size} bytes`, start)
    }
    this.pos += size
    return v
  }

  /** Fixed-length opaque, e.g. `opaque reuse_guard[4]`. */
  fixed(field: string, n: number): Uint8Array {
    this.need(n, field)
    const v = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return v
  }

  /** Reads a varint length and checks it fits in what is left; returns the end of the vector. */
  private vectorEnd(field: string): number {
    const start = this.pos
    const len = this.varint(field)
    if (this.pos + len > this.end) {
      this.fail("E_LENGTH_PAST_END", field, `at most ${this.end - this.pos} byte(s)`, `length ${len}`, start)
    }
    return this.pos + len
  }

  /** `opaque field<V>` */
  opaque(field: string): Uint8Array {
    const end = this.vectorEnd(field)
    const v = this.buf.subarray(this.pos, end)
    this.pos = end
    return v
  }

  /** `T field<V>`: items are read until the declared length is consumed exactly. */
  vector<T>(field: string, item: (r: Reader) => T): T[] {
    const end = this.vectorEnd(field)
    const outer = this.end
    this.end = end
    const out: T[] = []
    this.path.push(field, 0)
    const slot = this.path.length - 1
    while (this.pos < end) {
      this.path[slot] = out.length
      const before = this.pos
      out.push(item(this))
      if (this.pos === before) this.fail("E_EMPTY_ELEMENT", "", "an element of at least one byte", "0 bytes")
    }
    this.path.length -= 2
    this.end = outer
    return out
  }

  /** A nested struct; its field name is recorded in error paths. */
  struct<T>(field: string, read: (r: Reader) => T): T {
    this.path.push(field)
    const v = read(this)
    this.path.pop()
    return v
  }

  /** `optional<T>`: presence byte 0 (absent) or 1 (present), nothing else. */
  optional<T>(field: string, read: (r: Reader) => T): T | undefined {
    const start = this.pos
    const presence = this.u8(field)
    if (presence === 0) return undefined
    if (presence !== 1) this.fail("E_PRESENCE_BYTE", field, "presence byte 0 or 1", String(presence), start)
    return this.struct(field, read)
  }

  /** An enum value looked up in a table of known names; unknown values are E_ENUM_UNKNOWN. */
  enum<N extends string>(field: string, width: 1 | 2, names: readonly (N | undefined)[]): N {
    const start = this.pos
    const v = width === 1 ? this.u8(field) : this.u16(field)
    const name = names[v]
    if (name === undefined) this.fail("E_ENUM_UNKNOWN", field, `one of ${knownList(names)}`, String(v), start)
    return name
  }

  /** Rest of the current bounds (e.g. padding). */
  rest(): Uint8Array {
    const v = this.buf.subarray(this.pos, this.end)
    this.pos = this.end
    return v
  }
}

function knownList(names: readonly (string | undefined)[]): string {
  const out: string[] = []
  names.forEach((n, i) => {
    if (n !== undefined) out.push(`${i} (${n})`)
  })
  return out.join(", ")
}
