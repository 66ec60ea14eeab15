/**
 * Array-based tree math of RFC 9420 Appendix C. Trees are always full: `nLeaves` is a power of
 * two, leaves sit at even node indices (leaf i at 2i) and parents at odd ones.
 */

/** The exponent of the largest power of 2 not above x (0 for 0). */
export function log2(x: number): number {
  return x === 0 ? 0 : 31 - Math.clz32(x)
}

/** Leaves are level 0; a parent is one above its children. */
export function level(x: number): number {
  if ((x & 1) === 0) return 0
  let k = 0
  while (k < 32 && ((x >>> k) & 1) === 1) k++
  return k
}

export const isLeaf = (x: number) => (x & 1) === 0
export const leafToNode = (leaf: number) => leaf * 2
export const nodeToLeaf = (node: number) => node >>> 1

export function nodeWidth(nLeaves: number): number {
  return nLeaves === 0 ? 0 : 2 * (nLeaves - 1) + 1
}

export function root(nLeaves: number): number {
  return (1 << log2(nodeWidth(nLeaves))) - 1
}

export function left(x: number): number {
  const k = level(x)
  if (k === 0) throw new RangeError(`leaf node ${x} has no children`)
  return x ^ (1 << (k - 1))
}

export function right(x: number): number {
  const k = level(x)
  if (k === 0) throw new RangeError(`leaf node ${x} has no children`)
  return x ^ (3 << (k - 1))
}

export function parent(x: number, nLeaves: number): number {
  if (x === root(nLeaves)) throw new RangeError(`root node ${x} has no parent`)
  const k = level(x)
  const b = (x >>> (k + 1)) & 1
  return (x | (1 << k)) ^ (b << (k + 1))
}

export function sibling(x: number, nLeaves: number): number {
  const p = parent(x, nLeaves)
  return x < p ? right(p) : left(p)
}

/** Ancestors of x from its parent up to the root. */
export function directPath(x: number, nLeaves: number): number[] {
  const r = root(nLeaves)
  const out: number[] = []
  while (x !== r) {
    x = parent(x, nLeaves)
    out.push(x)
  }
  return out
}

/** Siblings of x and of its ancestors below the root, from the leaf side up. */
export function copath(x: number, nLeaves: number): number[] {
  const r = root(nLeaves)
  const out: number[] = []
  while (x !== r) {
    out.push(sibling(x, nLeaves))
    x = parent(x, nLeaves)
  }
  return out
}

/** True when `x` lies in the subtree rooted at `ancestor` (or is it). */
export function inSubtree(x: number, ancestor: number): boolean {
  const k = level(ancestor)
  return x >= ancestor - ((1 << k) - 1) && x <= ancestor + ((1 << k) - 1)
}
