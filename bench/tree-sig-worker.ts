/** Worker of the tree-validation bench: verifies the leaf signatures of one slice of a ratchet tree. */
import { parentPort } from "node:worker_threads"
import { decodeRatchetTree } from "../harness/protocol/mls/codec/index.ts"
import { cipherSuite } from "../harness/protocol/mls/crypto/suites.ts"
import { leafSignatureValid } from "../harness/protocol/mls/tree/index.ts"

export interface SignatureJob { bytes: Uint8Array; groupId: Uint8Array; part: number; parts: number }
export interface SignatureAnswer { ok: boolean; checked: number; bad: number[] }

function verifySlice({ bytes, groupId, part, parts }: SignatureJob): SignatureAnswer {
  const decoded = decodeRatchetTree(bytes)
  if (!decoded.ok) return { ok: false, checked: 0, bad: [] }
  const suite = cipherSuite(1)!
  const bad: number[] = []
  let checked = 0
  for (let x = 2 * part; x < decoded.value.length; x += 2 * parts) {
    const n = decoded.value[x]
    if (n?.nodeType !== "leaf") continue
    checked++
    if (!leafSignatureValid(suite, n.leafNode, groupId, x >>> 1)) bad.push(x >>> 1)
  }
  return { ok: true, checked, bad }
}

parentPort!.on("message", (job: SignatureJob) => parentPort!.postMessage(verifySlice(job)))
parentPort!.postMessage("ready")
