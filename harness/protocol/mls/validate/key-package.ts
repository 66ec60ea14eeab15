import { encodeKeyPackageTbs, MLS10, type KeyPackage, type RequiredCapabilities } from "../codec/index.ts"
import type { CipherSuite } from "../crypto/ciphersuite.ts"
import { verifyWithLabel } from "../crypto/labeled.ts"
import type { Tree } from "../tree/tree.ts"
import { validateLeafNode } from "./leaf-node.ts"
import { isDefaultExtension, violation, type ValidationRule, type Violation } from "./rules.ts"

export interface KeyPackageContext {
  /** The group's protocol version (default mls10) and cipher suite (default the suite's id). */
  version?: number
  cipherSuite?: number
  /** The version of the MLSMessage that carried the KeyPackage, if any (§10). */
  messageVersion?: number
  /** Seconds since the Unix epoch; the lifetime is checked only when a clock is given. */
  now?: bigint
  requiredCapabilities?: RequiredCapabilities
  /** The tree of the group the KeyPackage is added to, for the checks against its members. */
  tree?: Tree
}

/** KeyPackage validation (§10.1), including LeafNode validation of its leaf_node (§7.3). */
export function validateKeyPackage(suite: CipherSuite, kp: KeyPackage, ctx: KeyPackageContext = {}): Violation[] {
  const out: Violation[] = []
  const report = (rule: ValidationRule, detail: string) => out.push(violation(rule, detail))
  const version = ctx.version ?? MLS10
  if (kp.version !== version || (ctx.messageVersion !== undefined && kp.version !== ctx.messageVersion)) {
    report("mls.key-package.version-matches", `version ${kp.version}, expected ${version}`)
  }
  const cipherSuite = ctx.cipherSuite ?? suite.id
  if (kp.cipherSuite !== cipherSuite) {
    report("mls.key-package.cipher-suite-matches", `cipher_suite ${kp.cipherSuite}, expected ${cipherSuite}`)
  }
  const { now, requiredCapabilities, tree } = ctx
  const leafCtx = { source: "key_package" as const, now, requiredCapabilities, tree }
  out.push(...validateLeafNode(suite, kp.leafNode, leafCtx))
  if (!verifyWithLabel(suite, kp.leafNode.signatureKey, "KeyPackageTBS", encodeKeyPackageTbs(kp), kp.signature)) {
    report("mls.key-package.signature-valid", "KeyPackageTBS signature does not verify under leaf_node.signature_key")
  }
  const a = kp.initKey
  const b = kp.leafNode.encryptionKey
  if (a.length === b.length && a.every((v, i) => v === b[i])) {
    report("mls.key-package.init-key-distinct", "init_key equals leaf_node.encryption_key")
  }
  const uncovered = kp.extensions.map((e) => e.extensionType)
    .filter((t) => !isDefaultExtension(t) && !kp.leafNode.capabilities.extensions.includes(t))
  if (uncovered.length > 0) {
    report("mls.key-package.capabilities-cover-extensions",
      `KeyPackage extension types ${uncovered} not in leaf_node.capabilities`)
  }
  return out
}
