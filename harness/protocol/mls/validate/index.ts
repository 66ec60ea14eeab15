/** Validators for what a target sends; each violation names a registered rule ID. */
export * from "./rules.ts"
export * from "./leaf-node.ts"
export * from "./key-package.ts"
export * from "./ratchet-tree.ts"
export * from "./proposal-list.ts"
export * from "./commit.ts"
export * from "./ratchet-tree-parallel.ts"
