/**
 * The passive-client families: join from the Welcome, then follow every commit, comparing the
 * epoch authenticator after the join and after each commit. The same verifier serves any file in
 * this format (alias `passive-client`, e.g. the MLS WG interop passive-client files).
 */
import { processCommit } from "../../protocol/mls/passive/commit.ts"
import { joinFromWelcome } from "../../protocol/mls/passive/join.ts"
import { Fields, same, value, verdictOf, type FamilyVerifier, type Verdict } from "./verdict.ts"

function verifyPassive(raw: unknown): Verdict {
  return verdictOf(() => {
    const f = new Fields(raw)
    f.suite()
    const tree = f.raw("ratchet_tree")
    const externalPsks = f.list("external_psks").map((p) => ({ pskId: p.bytes("psk_id"), psk: p.bytes("psk") }))
    let state = value("welcome", joinFromWelcome({
      keyPackage: f.bytes("key_package"), initPrivateKey: f.bytes("init_priv"),
      encryptionPrivateKey: f.bytes("encryption_priv"), signaturePrivateKey: f.bytes("signature_priv"),
      welcome: f.bytes("welcome"), externalPsks,
      ...(tree === null || tree === undefined ? {} : { ratchetTree: f.bytes("ratchet_tree") }),
    }))
    same("initial_epoch_authenticator", f.bytes("initial_epoch_authenticator"), state.secrets.epochAuthenticator)
    for (const e of f.list("epochs")) {
      const proposals = e.array("proposals")
      const list = Array.from({ length: proposals.length }, (_, i) => proposals.at.bytes(i))
      state = value(e.name("commit"), processCommit(state, e.bytes("commit"), list))
      same(e.name("epoch_authenticator"), e.bytes("epoch_authenticator"), state.secrets.epochAuthenticator)
    }
  })
}

const passiveFamily = (family: string): FamilyVerifier => ({ family, verifyCase: verifyPassive })

export const passiveClientWelcome = passiveFamily("passive-client-welcome")
export const passiveClientHandlingCommit = passiveFamily("passive-client-handling-commit")
export const passiveClientRandom = passiveFamily("passive-client-random")
/** Any file in the passive-client format, under any name. */
export const passiveClient = passiveFamily("passive-client")
