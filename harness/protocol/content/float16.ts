/** IEEE 754 half precision helpers (Node 20 has no Math.f16round). */

export function readFloat16(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1
  const exponent = (bits >> 10) & 0x1f
  const fraction = bits & 0x3ff
  if (exponent === 0) return sign * fraction * 2 ** -24
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN
  return sign * (1024 + fraction) * 2 ** (exponent - 25)
}

/** True when a half-precision float holds exactly this value (so a wider encoding is not shortest). */
export function fitsFloat16(value: number): boolean {
  if (Number.isNaN(value) || !Number.isFinite(value) || value === 0) return true
  const a = Math.abs(value)
  if (a > 65504) return false
  if (a < 2 ** -14) return Number.isInteger(a * 2 ** 24)
  let e = Math.floor(Math.log2(a))
  while (2 ** e > a) e--
  while (2 ** (e + 1) <= a) e++
  return Number.isInteger(a * 2 ** (10 - e))
}
