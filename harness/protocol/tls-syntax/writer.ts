import { EncodeError } from "./errors.ts"

/** A growable output buffer for TLS presentation-language encoding. */
export class Writer {
  private buf: Uint8Array
  private dv: DataView
  pos = 0

  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity)
    this.dv = new DataView(this.buf.buffer)
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return
    let size = this.buf.length * 2
    while (size < this.pos + n) size *= 2
    const next = new Uint8Array(size)
    next.set(this.buf.subarray(0, this.pos))
    this.buf = next
    this.dv = new DataView(next.buffer)
  }

  u8(v: number): void {
    this.ensure(1)
    this.buf[this.pos++] = v
  }

  u16(v: number): void {
    this.ensure(2)
    this.dv.setUint16(this.pos, v)
    this.pos += 2
  }

  u32(v: number): void {
    this.ensure(4)
    this.dv.setUint32(this.pos, v)
    this.pos += 4
  }

  u64(v: bigint): void {
    if (v < 0n || v > 0xffffffffffffffffn) throw new EncodeError("uint64", `${v} out of range`)
    this.ensure(8)
    this.dv.setBigUint64(this.pos, v)
    this.pos += 8
  }

  /** RFC 9420 §2.1.2 variable-length integer in its shortest form. */
  varint(v: number): void {
    if (!Number.isInteger(v) || v < 0 || v > 0x3fffffff) throw new EncodeError("varint", `${v} out of range`)
    if (v < 64) this.u8(v)
    else if (v < 16384) this.u16(v | 0x4000)
    else this.u32((v | 0x80000000) >>> 0)
  }

  bytes(v: Uint8Array): void {
    this.ensure(v.length)
    this.buf.set(v, this.pos)
    this.pos += v.length
  }

  opaque(v: Uint8Array): void {
    this.varint(v.length)
    this.bytes(v)
  }

  /** Writes the items, then prefixes their byte length (moving them if the prefix needs > 1 byte). */
  vector<T>(items: readonly T[], write: (w: Writer, item: T) => void): void {
    this.ensure(1)
    const start = this.pos
    this.pos += 1
    for (const item of items) write(this, item)
    const len = this.pos - start - 1
    const size = len < 64 ? 1 : len < 16384 ? 2 : 4
    if (size > 1) {
      this.ensure(size - 1)
      this.buf.copyWithin(start + size, start + 1, this.pos)
    }
    const end = this.pos + size - 1
    this.pos = start
    this.varint(len)
    this.pos = end
  }

  optional<T>(v: T | undefined, write: (w: Writer, item: T) => void): void {
    if (v === undefined) this.u8(0)
    else {
      this.u8(1)
      write(this, v)
    }
  }

  /** A copy of the bytes written so far. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos)
  }

  /** A view of the bytes written so far, valid until the next write or reset (for hashing scratch data). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.pos)
  }

  reset(): void {
    this.pos = 0
  }
}
