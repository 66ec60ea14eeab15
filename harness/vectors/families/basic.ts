/** Verifiers of the families that need no group state: tree-math, deserialization, crypto-basics. */
import { hex } from "../../protocol/mls/crypto/bytes.ts"
import {
  decryptWithLabel, deriveSecret, deriveTreeSecret, encryptWithLabel, expandWithLabel, refHash, signWithLabel,
  verifyWithLabel,
} from "../../protocol/mls/crypto/labeled.ts"
import { left, nodeWidth, parent, right, root, sibling } from "../../protocol/mls/tree/math.ts"
import { decodeWith, Writer } from "../../protocol/tls-syntax/index.ts"
import { Fields, mismatch, same, verdictOf, type FamilyVerifier } from "./verdict.ts"

/** Tree math throws where the vectors have null (no left child of a leaf, no parent of the root). */
const orNull = (f: () => number): number | null => {
  try {
    return f()
  } catch {
    return null
  }
}

export const treeMath: FamilyVerifier = {
  family: "tree-math",
  verifyCase: (raw) => verdictOf(() => {
    const f = new Fields(raw)
    const n = f.num("n_leaves")
    same("n_nodes", f.num("n_nodes"), nodeWidth(n))
    same("root", f.num("root"), root(n))
    const tables = {
      left: (x: number) => left(x), right: (x: number) => right(x),
      parent: (x: number) => parent(x, n), sibling: (x: number) => sibling(x, n),
    }
    for (const [name, fn] of Object.entries(tables)) {
      const { at, length } = f.array(name)
      same(`${name}.length`, nodeWidth(n), length)
      for (let x = 0; x < length; x++) same(at.name(x), at.raw(x), orNull(() => fn(x)))
    }
  }),
}

export const deserialization: FamilyVerifier = {
  family: "deserialization",
  verifyCase: (raw) => verdictOf(() => {
    const f = new Fields(raw)
    const header = f.bytes("vlbytes_header")
    const length = f.num("length")
    const r = decodeWith("VLBytesHeader", header, (rd) => rd.varint("length"))
    if (!r.ok) mismatch("vlbytes_header", `decodes to ${length}`, `${r.error.code} at offset ${r.error.offset}`)
    else same("length", length, r.value)
    const w = new Writer()
    w.varint(length)
    same("vlbytes_header", header, w.finish())
  }),
}

export const cryptoBasics: FamilyVerifier = {
  family: "crypto-basics",
  verifyCase: (raw) => verdictOf(() => {
    const f = new Fields(raw)
    const cs = f.suite()
    const r = f.sub("ref_hash")
    same("ref_hash.out", r.bytes("out"), refHash(cs, r.text("label"), r.bytes("value")))
    const e = f.sub("expand_with_label")
    same("expand_with_label.out", e.bytes("out"),
      expandWithLabel(cs, e.bytes("secret"), e.text("label"), e.bytes("context"), e.num("length")))
    const d = f.sub("derive_secret")
    same("derive_secret.out", d.bytes("out"), deriveSecret(cs, d.bytes("secret"), d.text("label")))
    const t = f.sub("derive_tree_secret")
    same("derive_tree_secret.out", t.bytes("out"),
      deriveTreeSecret(cs, t.bytes("secret"), t.text("label"), t.num("generation"), t.num("length")))
    const s = f.sub("sign_with_label")
    const [priv, pub, content, label] = [s.bytes("priv"), s.bytes("pub"), s.bytes("content"), s.text("label")]
    same("sign_with_label.pub", pub, cs.signaturePublicKey(priv) ?? "invalid private key")
    same("sign_with_label.signature", "verifies", verifyWithLabel(cs, pub, label, content, s.bytes("signature"))
      ? "verifies" : "does not verify")
    const ours = signWithLabel(cs, priv, label, content)
    same("sign_with_label.signature", "own signature verifies",
      verifyWithLabel(cs, pub, label, content, ours) ? "own signature verifies" : "own signature does not verify")
    const x = f.sub("encrypt_with_label")
    const [xpriv, xpub, xlabel, context] = [x.bytes("priv"), x.bytes("pub"), x.text("label"), x.bytes("context")]
    const plaintext = x.bytes("plaintext")
    same("encrypt_with_label.pub", xpub, cs.hpkePublicKey(xpriv) ?? "invalid private key")
    const opened = decryptWithLabel(cs, xpriv, xlabel, context, x.bytes("kem_output"), x.bytes("ciphertext"))
    same("encrypt_with_label.plaintext", plaintext, opened ?? "decryption failed")
    const sealed = encryptWithLabel(cs, xpub, xlabel, context, plaintext)
    const back = sealed && decryptWithLabel(cs, xpriv, xlabel, context, sealed.kemOutput, sealed.ciphertext)
    same("encrypt_with_label.plaintext", hex(plaintext), back === undefined ? "own encryption failed" : hex(back))
  }),
}
