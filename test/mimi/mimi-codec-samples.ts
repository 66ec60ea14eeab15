import type { Codec } from "../../harness/protocol/tls-syntax/index.ts"
import { abuseReportCodec } from "../../harness/protocol/mimi/abuse.ts"
import { appDataDictionaryCodec, safeAadCodec } from "../../harness/protocol/mimi/common.ts"
import { consentEntryCodec, consentScopeCodec } from "../../harness/protocol/mimi/consent.ts"
import { fanoutMessageCodec, type FanoutMessage } from "../../harness/protocol/mimi/fanout.ts"
import {
  frankCodec, frankingAgentDataCodec, serverFrankingContextCodec,
} from "../../harness/protocol/mimi/franking-structs.ts"
import {
  groupInfoRatchetTreeTbeCodec, groupInfoRequestCodec, groupInfoResponseCodec,
} from "../../harness/protocol/mimi/group-info.ts"
import { identifierRequestCodec, identifierResponseCodec } from "../../harness/protocol/mimi/identifier-query.ts"
import { keyMaterialRequestCodec, keyMaterialResponseCodec } from "../../harness/protocol/mimi/key-material.ts"
import {
  appDataUpdateCodec, participantListCodec, participantListUpdateCodec,
} from "../../harness/protocol/mimi/room-state.ts"
import { submitMessageRequestCodec, submitMessageResponseCodec } from "../../harness/protocol/mimi/submit.ts"
import { updateRequestCodec, updateRoomResponseCodec } from "../../harness/protocol/mimi/update.ts"
import {
  applicationMessage, basic, commitMessage, groupInfo, keyPackage, proposalMessage, ratchetTree, welcome,
  welcomeMessage,
} from "./mimi-codec-fixtures.ts"

/** One value per body shape (every select case), with the codec that carries it. */
export interface Sample {
  name: string
  codec: Codec<unknown>
  value: unknown
}

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill)
const utf8 = (s: string) => new TextEncoder().encode(s)
const frank = { serverFrank: bytes(32, 7), cipherSuite: 1, signature: bytes(64, 9) }
const hubSender = { signatureKey: bytes(32, 3), credential: basic("mimi://hub.example") }
const caps = { versions: [1], cipherSuites: [1, 2], extensions: [5], proposals: [8], credentials: [1] }
const kmRequest = {
  protocol: "mls10" as const, requestingUser: "mimi://a.example/u/alice", targetUser: "mimi://b.example/u/bob",
  roomId: "mimi://a.example/r/clubhouse", acceptableCiphersuites: [1, 3],
  requiredCapabilities: { extensionTypes: [5], proposalTypes: [8], credentialTypes: [1] },
  requesterSignatureKey: bytes(32, 1), requesterCredential: basic("mimi://a.example/d/ClientA1"),
  signature: bytes(64, 2),
}
const outOfBand = { representation: "outOfBand" as const, treeSignature: bytes(4, 5) }
const ALICE = "mimi://a.example/u/alice"
const BOB = "mimi://b.example/u/bob"
const fanouts: FanoutMessage[] = [
  { timestamp: 1644387225019n, message: applicationMessage, kind: "application", frank },
  { timestamp: 1n, message: applicationMessage, kind: "application" },
  { timestamp: 2n, message: welcomeMessage, kind: "welcome", ratchetTreeOption: outOfBand },
  { timestamp: 3n, message: proposalMessage, kind: "proposal", moreProposals: [proposalMessage] },
  { timestamp: 4n, message: commitMessage, kind: "commit", externalProposals: [] },
]
const sample = <T>(name: string, codec: Codec<T>, value: T): Sample => ({ name, codec: codec as Codec<unknown>, value })

export const samples: Sample[] = [
  sample("KeyMaterialRequest", keyMaterialRequestCodec, kmRequest),
  sample("KeyMaterialResponse", keyMaterialResponseCodec, {
    protocol: "mls10", userStatus: "partialSuccess", userUri: "mimi://b.example/u/bob", clients: [
      { clientStatus: "success", clientUri: "mimi://b.example/d/B1", keyPackage },
      { clientStatus: "keyMaterialExhausted", clientUri: "mimi://b.example/d/B2" },
      { clientStatus: "nothingCompatible", clientUri: "mimi://b.example/d/B3", clientCapabilities: caps },
      { clientStatus: "nothingCompatible", clientUri: "mimi://b.example/d/B4" },
    ],
  }),
  sample("KeyMaterialResponse (userUnknown)", keyMaterialResponseCodec, {
    protocol: "mls10", userStatus: "userUnknown", userUri: "mimi://b.example/u/nobody", clients: [],
  }),
  sample("UpdateRequest (commit, Welcome, full)", updateRequestCodec, {
    proposalOrCommit: commitMessage, kind: "commit", welcome,
    groupInfoOption: { representation: "full", groupInfo }, ratchetTreeOption: { representation: "full", ratchetTree },
  }),
  sample("UpdateRequest (commit, partial)", updateRequestCodec, {
    proposalOrCommit: commitMessage, kind: "commit",
    groupInfoOption: { representation: "partial", partialGroupInfo: {
      ratchetTreePresence: "present", groupInfoExtensions: [{ extensionType: 4, extensionData: bytes(32, 4) }],
      signature: bytes(64, 6),
    } },
    ratchetTreeOption: {
      representation: "httpsUri", url: utf8("https://hub.example/tree/1"), treeSignature: bytes(8, 1),
    },
  }),
  sample("UpdateRequest (proposal)", updateRequestCodec, {
    proposalOrCommit: proposalMessage, kind: "proposal", moreProposals: [proposalMessage, proposalMessage],
  }),
  sample("UpdateRoomResponse (success)", updateRoomResponseCodec, {
    responseCode: "success", errorDescription: "", acceptedTimestamp: 5n,
  }),
  sample("UpdateRoomResponse (wrongEpoch)", updateRoomResponseCodec, {
    responseCode: "wrongEpoch", errorDescription: "epoch moved", currentEpoch: 42n,
  }),
  sample("UpdateRoomResponse (notAllowed)", updateRoomResponseCodec, {
    responseCode: "notAllowed", errorDescription: "banned",
  }),
  sample("UpdateRoomResponse (invalidProposal)", updateRoomResponseCodec, {
    responseCode: "invalidProposal", errorDescription: "ü", invalidProposals: [bytes(32, 1), bytes(32, 2)],
  }),
  sample("SubmitMessageRequest", submitMessageRequestCodec, {
    protocol: "mls10", appMessage: applicationMessage, sendingUri: "mimi://b.example/u/bob",
  }),
  sample("SubmitMessageResponse (accepted, frank)", submitMessageResponseCodec, {
    protocol: "mls10", statusCode: "accepted", acceptedTimestamp: 1644387225019n, frank,
  }),
  sample("SubmitMessageResponse (accepted)", submitMessageResponseCodec, {
    protocol: "mls10", statusCode: "accepted", acceptedTimestamp: 0n,
  }),
  sample("SubmitMessageResponse (notAllowed)", submitMessageResponseCodec, {
    protocol: "mls10", statusCode: "notAllowed",
  }),
  sample("SubmitMessageResponse (epochTooOld)", submitMessageResponseCodec, {
    protocol: "mls10", statusCode: "epochTooOld", currentEpoch: 0xffffffffffffffffn,
  }),
  ...fanouts.map((f) => sample(`FanoutMessage (${f.kind})`, fanoutMessageCodec, f)),
  sample("GroupInfoRequest", groupInfoRequestCodec, {
    protocol: "mls10", cipherSuite: 1, requestingSignatureKey: bytes(32, 1),
    requestingCredential: basic("mimi://c.example/d/C2"), groupInfoPublicKey: bytes(32, 2), signature: bytes(64, 3),
  }),
  sample("GroupInfoRequest (joiningCode)", groupInfoRequestCodec, {
    protocol: "mls10", cipherSuite: 2, requestingSignatureKey: bytes(65, 1), requestingCredential: basic("x"),
    groupInfoPublicKey: bytes(65, 2), joiningCode: utf8("JOIN-1234"), signature: bytes(70, 3),
  }),
  sample("GroupInfoResponse (success)", groupInfoResponseCodec, {
    protocol: "mls10", roomId: utf8("mimi://hub.example/r/clubhouse"), status: "success", cipherSuite: 1, hubSender,
    encryptedGroupInfoAndTree: { kemOutput: bytes(32, 1), ciphertext: bytes(100, 2) }, signature: bytes(64, 3),
  }),
  sample("GroupInfoResponse (notAuthorized)", groupInfoResponseCodec, {
    protocol: "mls10", roomId: utf8("mimi://hub.example/r/clubhouse"), status: "notAuthorized",
  }),
  sample("GroupInfoRatchetTreeTBE", groupInfoRatchetTreeTbeCodec, {
    groupInfo, ratchetTreeOption: { representation: "distributionService" },
    pendingProposals: [{ proposal: proposalMessage, hubAcceptedTime: 99n }],
  }),
  sample("ConsentEntry (request, room)", consentEntryCodec, {
    consentOperation: "request", requesterUri: "mimi://a.example/u/alice", targetUri: "mimi://b.example/u/bob",
    roomId: "mimi://a.example/r/clubhouse", consentExtensions: [],
  }),
  sample("ConsentEntry (grant)", consentEntryCodec, {
    consentOperation: "grant", requesterUri: ALICE, targetUri: BOB, clientKeyPackages: [keyPackage],
    consentExtensions: [{ componentId: 1, data: bytes(2, 1) }, { componentId: 7, data: bytes(0, 0) }],
  }),
  sample("ConsentEntry (revoke)", consentEntryCodec, {
    consentOperation: "revoke", requesterUri: ALICE, targetUri: BOB, consentExtensions: [],
  }),
  sample("ConsentScope", consentScopeCodec, { requesterUri: ALICE, targetUri: BOB }),
  sample("IdentifierRequest", identifierRequestCodec, {
    queryElements: [
      { searchType: "handle", searchValue: utf8("im:alice.smith@a.example") },
      { searchType: "oidcStdClaim", claimName: utf8("given_name"), searchValue: utf8("Alice") },
      { searchType: "vcardField", propertyName: utf8("ORG"), searchValue: utf8("Example") },
    ],
    idRequestExtensions: [],
  }),
  sample("IdentifierResponse", identifierResponseCodec, {
    responseCode: "success", uris: ["mimi://b.example/u/alice"],
    foundProfiles: [{
      stableUri: "mimi://b.example/u/alice",
      fields: [{ fieldSource: "oidcStdClaim", fieldName: "name", fieldValue: utf8("Alice") }],
    }],
    idResponseExtensions: [],
  }),
  sample("AbuseReport", abuseReportCodec, {
    reportingUser: "mimi://c.example/u/cathy", allegedAbuserUri: BOB, reasonCode: 0, note: utf8(""),
    messages: [{ messageContent: utf8("content"), frank, acceptedTimestamp: 12n }], abuseExtensions: [],
  }),
  sample("Frank", frankCodec, frank),
  sample("ServerFrankingContext", serverFrankingContextCodec, {
    senderUri: "mimi://b.example/u/bob", roomUri: "mimi://hub.example/r/x", acceptedTimestamp: 1n,
  }),
  sample("FrankingAgentData", frankingAgentDataCodec, hubSender),
  sample("SafeAAD", safeAadCodec, [
    { componentId: 0x0020, data: bytes(32, 8) },
    { componentId: 0x0030, data: bytes(1, 1) },
  ]),
  sample("AppDataDictionary", appDataDictionaryCodec, [{ componentId: 0x0022, data: bytes(3, 1) }]),
  sample("ParticipantListData", participantListCodec, [{ user: "mimi://a.example/u/alice", roleIndex: 4 }]),
  sample("ParticipantListUpdate", participantListUpdateCodec, {
    changedRoleParticipants: [{ userIndex: 0, roleIndex: 1 }], removedIndices: [2],
    addedParticipants: [{ user: "mimi://d.example/u/diana", roleIndex: 4 }],
  }),
  sample("AppDataUpdate (update)", appDataUpdateCodec, { componentId: 0x0022, op: "update", update: bytes(5, 5) }),
  sample("AppDataUpdate (remove)", appDataUpdateCodec, { componentId: 0x0023, op: "remove" }),
]
