/**
 * The MLS WG welcome.json vectors drive the target library: it decrypts a Welcome with init_priv
 * and reports what it made of the GroupInfo inside.
 * Requirements: mls.welcome.group-secrets-decrypt, mls.welcome.group-info-signature-verified,
 * mls.welcome.confirmation-tag-verified
 * Steps: 1. the library opens the Welcome  2. the suite checks the GroupInfo it returned
 *        3. the library accepts the signature under signer_pub  4. and refuses it under another key
 *        5. the library accepts the confirmation tag
 */
import { inject } from "vitest"
import { HarnessError } from "../../../harness/engine/errors.ts"
import { isTrue } from "../../../harness/engine/finding.ts"
import { scenario } from "../../../harness/engine/scenario.ts"
import { decodeMlsMessage } from "../../../harness/protocol/mls/codec/mls-message.ts"
import { defaultVectorsDir } from "../../../harness/vectors/load.ts"
import { loadWelcomeCases, type WelcomeCase } from "../../../harness/vectors/mls-passive.ts"
import { mlsClient } from "../../fixtures.ts"
import { signedGroupInfo } from "./signed-group-info.ts"

const vectorsDir = inject("conformance")?.vectorsDir ?? defaultVectorsDir

/** A valid signature key that did not sign the GroupInfo: the joiner's own, from its KeyPackage. */
function otherSignatureKey(v: WelcomeCase): Uint8Array {
  const m = decodeMlsMessage(v.keyPackage)
  if (!m.ok || m.value.wireFormat !== "mls_key_package") {
    throw new HarnessError("E_SCENARIO_LOAD", `${v.file} case ${v.index}: key_package is not an MLSMessage(KeyPackage)`)
  }
  const key = m.value.keyPackage.leafNode.signatureKey
  if (Buffer.compare(key, v.signerPub) === 0) {
    throw new HarnessError("E_SCENARIO_LOAD", `${v.file} case ${v.index}: the joiner's key is signer_pub`)
  }
  return key
}

for (const v of loadWelcomeCases(vectorsDir)) {
  scenario(`library decrypts the Welcome and verifies its GroupInfo (welcome ${v.id})`, {
    id: `mls.welcome.open[${v.id}]`,
    profile: "rfc9420",
    requirements: [
      "mls.welcome.group-secrets-decrypt",
      "mls.welcome.group-info-signature-verified",
      "mls.welcome.confirmation-tag-verified",
    ],
    requires: [`mls.cipher-suite.${v.cipherSuite}`, "mls.passive-client"],
    tags: ["vectors", "mls-welcome"],
  }, async ({ check, evidence, run }) => {
    const client = await mlsClient(run)
    evidence("vector", `${v.file} case ${v.index} (${v.id})`)
    const request = { cipherSuite: v.cipherSuite, keyPackage: v.keyPackage, initPriv: v.initPriv, welcome: v.welcome }

    // 1.
    const outcome = await client.openWelcome({ ...request, signerPub: v.signerPub })
    const opened = check.ok("mls.welcome.group-secrets-decrypt", outcome)
    evidence("decrypted GroupInfo", opened.groupInfo, "bytes")
    // 2.
    const decrypted = signedGroupInfo(v.cipherSuite, v.signerPub, opened.groupInfo)
    check("mls.welcome.group-secrets-decrypt", decrypted, { hint: "the GroupInfo as the suite reads it" })
    // 3.
    check("mls.welcome.group-info-signature-verified", isTrue(opened.signatureValid,
      "the library accepts the signature under signer_pub", opened.signatureValid ? "accepted" : "refused"))
    // 4.
    const hint = "verified with the joiner's own signature key instead of signer_pub"
    const wrong = await client.openWelcome({ ...request, signerPub: otherSignatureKey(v) })
    // A refusal of the whole call counts as refusing the signature; trouble reaching the target does not.
    if (!wrong.ok && wrong.kind !== "rejected") check.ok("mls.welcome.group-info-signature-verified", wrong, { hint })
    const refused = !wrong.ok || !wrong.value.signatureValid
    check("mls.welcome.group-info-signature-verified", isTrue(refused,
      "the library refuses the signature under a key that did not sign", refused ? "refused" : "accepted"), { hint })
    // 5.
    check("mls.welcome.confirmation-tag-verified", isTrue(opened.confirmationTagValid,
      "the library accepts the confirmation tag", opened.confirmationTagValid ? "accepted" : "refused"))
  })
}
