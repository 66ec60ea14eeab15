import { describe, expect, it } from "vitest"
import { ExtensionType } from "../../harness/protocol/mls/codec/enums.ts"
import { cipherSuite } from "../../harness/protocol/mls/crypto/suites.ts"
import type { GroupInfoRatchetTreeTbe, GroupInfoResponse } from "../../harness/protocol/mimi/group-info.ts"
import {
  openGroupInfoResponse, sealGroupInfoResponse, signGroupInfoRequest, verifyGroupInfoRequest,
} from "../../harness/protocol/mimi/group-info-crypto.ts"
import { basic, groupInfo, proposalMessage } from "./mimi-codec-fixtures.ts"

describe.each([1, 2, 7])("groupInfo exchange, cipher suite %i (§5.6)", (id) => {
  const cs = cipherSuite(id)!
  const key = (seed: number) => cs.deriveKeyPair(new Uint8Array(32).fill(seed))
  /** Ed25519 takes any 32 bytes; for the ECDSA suites a KEM private key is a valid scalar of the same curve. */
  const signer = (seed: number) => {
    const sk = id === 1 ? new Uint8Array(32).fill(seed) : key(seed).privateKey
    return { sk, pk: cs.signaturePublicKey(sk)! }
  }
  const hub = signer(40)
  const requester = signer(41)
  const hpke = key(42)
  const roomId = new TextEncoder().encode("mimi://hub.example/r/clubhouse")
  const hubSender = { signatureKey: hub.pk, credential: basic("hub.example") }
  const treeExtension = { extensionType: ExtensionType.ratchet_tree, extensionData: new Uint8Array([0]) }
  const withoutTree = {
    ...groupInfo, extensions: groupInfo.extensions.filter((e) => e.extensionType !== ExtensionType.ratchet_tree),
  }
  const tbe: GroupInfoRatchetTreeTbe = {
    groupInfo: withoutTree, ratchetTreeOption: { representation: "distributionService" },
    pendingProposals: [{ proposal: proposalMessage, hubAcceptedTime: 7n }],
  }

  it("signs and verifies a request; a changed request no longer verifies", () => {
    const request = signGroupInfoRequest(cs, requester.sk, {
      protocol: "mls10", cipherSuite: id, requestingSignatureKey: requester.pk,
      requestingCredential: basic("mimi://c.example/d/C2"),
      groupInfoPublicKey: hpke.publicKey, joiningCode: new Uint8Array([1, 2, 3]),
    })
    expect(verifyGroupInfoRequest(cs, request)).toBe(true)
    expect(verifyGroupInfoRequest(cs, { ...request, joiningCode: new Uint8Array([1, 2, 4]) })).toBe(false)
    const { joiningCode: _, ...withoutCode } = request
    expect(verifyGroupInfoRequest(cs, withoutCode)).toBe(false)
  })

  it("opens a sealed response and finds the GroupInfo and pending proposals", () => {
    const response = sealGroupInfoResponse(cs, hub.sk, hubSender, roomId, hpke.publicKey, tbe)!
    const opened = openGroupInfoResponse(cs, hpke.privateKey, response, [hub.pk])
    expect(opened.ok && opened.value).toEqual(tbe)
  })

  it("refuses a response not signed by a hub key, one it cannot open, and one with an embedded tree", () => {
    const response = sealGroupInfoResponse(cs, hub.sk, hubSender, roomId, hpke.publicKey, tbe)!
    const rule = (o: ReturnType<typeof openGroupInfoResponse>) => (o.ok ? "ok" : o.rule)
    const signedByHub = "mimi.group-info.signed-by-hub"
    expect(rule(openGroupInfoResponse(cs, hpke.privateKey, response, [requester.pk]))).toBe(signedByHub)
    const impostor = { ...hubSender, signatureKey: requester.pk }
    const resigned = sealGroupInfoResponse(cs, requester.sk, impostor, roomId, hpke.publicKey, tbe)!
    const claimed: GroupInfoResponse = resigned.status === "success" ? { ...resigned, hubSender } : resigned
    expect(rule(openGroupInfoResponse(cs, hpke.privateKey, claimed, [hub.pk]))).toBe(signedByHub)
    const stranger = key(43).privateKey
    expect(rule(openGroupInfoResponse(cs, stranger, response, [hub.pk]))).toBe("mimi.group-info.encrypted-to-requester")
    const embedded = { ...tbe, groupInfo: { ...withoutTree, extensions: [treeExtension] } }
    const withTree = sealGroupInfoResponse(cs, hub.sk, hubSender, roomId, hpke.publicKey, embedded)!
    const opened = openGroupInfoResponse(cs, hpke.privateKey, withTree, [hub.pk])
    expect(rule(opened)).toBe("mimi.group-info.tree-not-embedded")
  })
})
