/** Validators for what a target sends; each violation names a registered rule ID. */
export * from "./rules.ts"
export * from "./leaf-node.ts"
export * from "./key-package.ts"
export * from "./ratchet-tree.ts"
