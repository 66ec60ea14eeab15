/** Ratchet-tree oracle: tree math, the tree model, resolution, tree and parent hashes, tree operations. */
export * from "./math.ts"
export * from "./tree.ts"
export * from "./hash.ts"
export * from "./parent-hash.ts"
export * from "./operations.ts"
export * from "./signatures.ts"
export * from "./signature-batch.ts"
export * from "./signature-pool.ts"
