import { HarnessError } from "../../../harness/engine/errors.ts"
import { isTrue, type Finding } from "../../../harness/engine/finding.ts"
import { decodeGroupInfo, encodeGroupInfoTbs } from "../../../harness/protocol/mls/codec/group-info.ts"
import { verifyWithLabel } from "../../../harness/protocol/mls/crypto/labeled.ts"
import { cipherSuite } from "../../../harness/protocol/mls/crypto/suites.ts"
import { formatDecodeError } from "../../../harness/protocol/tls-syntax/index.ts"

/**
 * The suite's own reading of GroupInfo bytes a library decrypted: they decode, and `signerPub`
 * signed them (SignWithLabel "GroupInfoTBS"). Bytes a library decrypted wrongly fail here.
 */
export function signedGroupInfo(suiteId: number, signerPub: Uint8Array, groupInfo: Uint8Array): Finding {
  const expected = "a GroupInfo that decodes and carries a valid signature by signer_pub"
  const suite = cipherSuite(suiteId)
  if (suite === undefined) throw new HarnessError("E_INTERNAL", `the oracle lacks cipher suite ${suiteId}`)
  const decoded = decodeGroupInfo(groupInfo)
  if (!decoded.ok) return { ok: false, expected, actual: `undecodable bytes: ${formatDecodeError(decoded.error)}` }
  const gi = decoded.value
  const valid = verifyWithLabel(suite, signerPub, "GroupInfoTBS", encodeGroupInfoTbs(gi), gi.signature)
  const actual = valid ? `GroupInfo of epoch ${gi.groupContext.epoch}` : "a GroupInfo whose signature does not verify"
  return isTrue(valid, expected, actual)
}
