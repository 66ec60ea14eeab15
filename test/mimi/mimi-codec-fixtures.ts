import { decodeMlsMessage, type MlsMessage } from "../../harness/protocol/mls/codec/mls-message.ts"
import { decodeRatchetTree, type RatchetTree } from "../../harness/protocol/mls/codec/ratchet-tree.ts"
import type { GroupInfo } from "../../harness/protocol/mls/codec/group-info.ts"
import type { KeyPackage } from "../../harness/protocol/mls/codec/key-package.ts"
import type { Welcome } from "../../harness/protocol/mls/codec/welcome.ts"
import { loadVectorFile } from "../../harness/vectors/load.ts"

/** Real MLS objects from the MLS WG messages vectors (case #0), used inside MIMI bodies. */
interface MessagesVector {
  mls_welcome: string
  mls_group_info: string
  mls_key_package: string
  ratchet_tree: string
  public_message_proposal: string
  public_message_commit: string
  private_message: string
}

const vector = loadVectorFile<MessagesVector[]>("mls/messages.json")[0]!
export const hex = (s: string) => new Uint8Array(Buffer.from(s, "hex"))

function message(h: string): MlsMessage {
  const r = decodeMlsMessage(hex(h))
  if (!r.ok) throw new Error(`fixture does not decode: ${r.error.fieldPath}`)
  return r.value
}

export const proposalMessage = message(vector.public_message_proposal)
export const commitMessage = message(vector.public_message_commit)
export const welcomeMessage = message(vector.mls_welcome)
const groupInfoMessage = message(vector.mls_group_info)
const keyPackageMessage = message(vector.mls_key_package)

export const welcome: Welcome = welcomeMessage.wireFormat === "mls_welcome"
  ? welcomeMessage.welcome
  : fail("welcome")
export const groupInfo: GroupInfo = groupInfoMessage.wireFormat === "mls_group_info"
  ? groupInfoMessage.groupInfo
  : fail("group info")
export const keyPackage: KeyPackage = keyPackageMessage.wireFormat === "mls_key_package"
  ? keyPackageMessage.keyPackage
  : fail("key package")
const tree = decodeRatchetTree(hex(vector.ratchet_tree))
export const ratchetTree: RatchetTree = tree.ok ? tree.value : fail("tree")

/** The vectors' PrivateMessage carries a proposal; the codec never decrypts, so relabel it as application. */
const privateMessage = message(vector.private_message)
export const applicationMessage: MlsMessage = privateMessage.wireFormat === "mls_private_message"
  ? { ...privateMessage, privateMessage: { ...privateMessage.privateMessage, contentType: "application" } }
  : fail("private")

function fail(what: string): never {
  throw new Error(`fixture ${what} has the wrong wire format`)
}

export const basic = (identity: string) => ({
  credentialType: 1 as const,
  identity: new TextEncoder().encode(identity),
})
