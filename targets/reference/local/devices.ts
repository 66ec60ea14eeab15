import { encodeGroupInfo } from "ts-mls/groupInfo.js"
import { CredentialType } from "../../../harness/protocol/mls/codec/enums.ts"
import {
  decodeGroupInfoResponse, decodeUpdateRoomResponse, encodeGroupInfoRequest, encodeUpdateRequest, openGroupInfoResponse,
  signGroupInfoRequest,
} from "../../../harness/protocol/mimi/index.ts"
import type { ProviderContext } from "../context.ts"
import { decodeGi } from "../hub/commit-check.ts"
import {
  credentialOf, encodeTree, externalJoin, groupInfoOf, newKeyPackage, rawSignKey, suite, SUITE_ID,
} from "../mls/engine.ts"
import { domainOf, uriToPath } from "../uris.ts"
import {
  encodeGroupInfo as encodeStrictGroupInfo, encodeRatchetTree, strictGroupInfo, strictTree, toStrictMessage,
} from "../wire/mls.ts"
import { identityOf, inboxHead, saveState, UserError, withClientLock } from "./clients.ts"

/**
 * Adds `client` (a new device of a participant) to the room by external commit: groupInfo from the
 * hub (-06 §5.8), then the external commit through update. The response is checked under the
 * hub_sender key it carries: the client trusts the hub it reached over mutual TLS.
 */
export async function addDevice(
  ctx: ProviderContext, client: string, room: string,
): Promise<{ epoch: number; acceptedTimestamp: number }> {
  const hub = domainOf(room) ?? ""
  const id = identityOf(ctx.db, client)
  const cs = await suite()
  const pair = await cs.hpke.generateKeyPair()
  const request = signGroupInfoRequest(ctx.suite, rawSignKey(id.signKey), {
    protocol: "mls10", cipherSuite: SUITE_ID, requestingSignatureKey: id.publicKey,
    requestingCredential: { credentialType: CredentialType.basic, identity: credentialOf(client).identity },
    groupInfoPublicKey: await cs.hpke.exportPublicKey(pair.publicKey),
  })
  const res = await ctx.toHub(hub, "POST", `/v1/groupInfo/${uriToPath(room)}`, encodeGroupInfoRequest(request))
  if (res.status !== 200) throw new UserError(`groupInfo refused with HTTP ${res.status}`)
  const parsed = decodeGroupInfoResponse(res.body)
  if (!parsed.ok) throw new UserError("malformed GroupInfoResponse")
  const r = parsed.value
  if (r.status !== "success") throw new UserError(`groupInfo: ${r.status}`)
  const hpkePriv = await cs.hpke.exportPrivateKey(pair.privateKey)
  const opened = openGroupInfoResponse(ctx.suite, hpkePriv, r, [r.hubSender.signatureKey])
  if (!opened.ok) throw new UserError(`GroupInfoResponse: ${opened.rule}: ${opened.detail}`)
  const tree = opened.value.ratchetTreeOption
  if (tree.representation !== "full") throw new UserError("the hub did not send the ratchet tree")
  const gi = decodeGi(encodeStrictGroupInfo(opened.value.groupInfo))
  if (!gi) throw new UserError("GroupInfo does not decode")
  const now = BigInt(Math.floor(Date.now() / 1000))
  const kp = await newKeyPackage(id, now - 3600n, now + 30n * 24n * 3600n)
  const joined = await externalJoin(gi, encodeRatchetTree(tree.ratchetTree), kp)
  const newGroupInfo = strictGroupInfo(encodeGroupInfo(await groupInfoOf(joined.newState)))
  const bundle = encodeUpdateRequest({
    kind: "commit", proposalOrCommit: toStrictMessage(joined.commit),
    groupInfoOption: { representation: "full", groupInfo: newGroupInfo },
    ratchetTreeOption: { representation: "full", ratchetTree: strictTree(encodeTree(joined.newState.ratchetTree)) },
  })
  return withClientLock(client, room, async () => {
    const up = await ctx.toHub(hub, "POST", `/v1/update/${uriToPath(room)}`, bundle)
    const answer = up.status === 200 ? decodeUpdateRoomResponse(up.body) : undefined
    if (!answer?.ok || answer.value.responseCode !== "success") {
      const why = answer?.ok ? answer.value.errorDescription : `HTTP ${up.status}`
      throw new UserError(`external commit refused: ${why}`)
    }
    saveState(ctx.db, client, room, joined.newState, inboxHead(ctx.db) + 1)
    const epoch = Number(joined.newState.groupContext.epoch)
    return { epoch, acceptedTimestamp: Number(answer.value.acceptedTimestamp) }
  })
}
