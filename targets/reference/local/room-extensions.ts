import type { ClientState, Extension } from "ts-mls"
import { decode, encode } from "../../../harness/protocol/tls-syntax/index.ts"
import { appDataDictionaryCodec, type ComponentData } from "../../../harness/protocol/mimi/common.ts"
import { Component, frankingAgentDataCodec } from "../../../harness/protocol/mimi/franking-structs.ts"
import { APP_DATA_DICTIONARY_EXT } from "../mls/engine.ts"
import { participantListCodec, type UserRolePair } from "../../../harness/protocol/mimi/index.ts"

/** A participant: user URI and role index (0 = member, 1 = admin in the reference policy). */
export type RoomParticipant = UserRolePair

/**
 * The reference policy's banned role: a banned user stays in the participant list with this role and
 * no clients, so that a plain add of it is refused (-06 §5.3 names banning but leaves role values to
 * the room policy).
 */
export const BANNED_ROLE = 0xffff_ffff

/**
 * The GroupContext app_data_dictionary of a room: franking_agent (-06 §5.4.1, the hub's franking key
 * with a Basic credential naming the hub) and participant_list (§7.5).
 */
export function roomExtensions(hubDomain: string, frankingKey: Uint8Array, list: RoomParticipant[]): Extension[] {
  const agent = encode(frankingAgentDataCodec, {
    signatureKey: frankingKey,
    credential: { credentialType: 1, identity: new TextEncoder().encode(`mimi://${hubDomain}`) },
  })
  return withParticipants([{ componentId: Component.frankingAgent, data: agent }], list)
}

function withParticipants(components: ComponentData[], list: RoomParticipant[]): Extension[] {
  const others = components.filter((c) => c.componentId !== Component.participantList)
  const items = [...others, { componentId: Component.participantList, data: encode(participantListCodec, list) }]
  items.sort((a, b) => a.componentId - b.componentId)
  return [{ extensionType: APP_DATA_DICTIONARY_EXT, extensionData: encode(appDataDictionaryCodec, items) }]
}

export function dictionaryOf(extensions: Extension[]): ComponentData[] | undefined {
  const ext = extensions.find((e) => e.extensionType === APP_DATA_DICTIONARY_EXT)
  if (!ext) return undefined
  const dict = decode(appDataDictionaryCodec, ext.extensionData)
  return dict.ok ? dict.value : undefined
}

export function participantListOf(extensions: Extension[]): RoomParticipant[] | undefined {
  const item = dictionaryOf(extensions)?.find((c) => c.componentId === Component.participantList)
  const list = item && decode(participantListCodec, item.data)
  return list?.ok ? list.value : undefined
}

/** The GroupContext extensions after replacing the participant list (other components kept). */
export function replaceParticipants(extensions: Extension[], list: RoomParticipant[]): Extension[] {
  const dict = dictionaryOf(extensions) ?? []
  const rest = extensions.filter((e) => e.extensionType !== APP_DATA_DICTIONARY_EXT)
  return [...rest, ...withParticipants(dict, list)]
}

/** The group's franking_agent: its key and the domain its credential names (`mimi://<domain>`). */
export interface FrankingAgent { signatureKey: Uint8Array; domain: string | undefined }

export function frankingAgentOf(state: ClientState): FrankingAgent | undefined {
  const item = dictionaryOf(state.groupContext.extensions)?.find((c) => c.componentId === Component.frankingAgent)
  if (!item) return undefined
  const agent = decode(frankingAgentDataCodec, item.data)
  if (!agent.ok) return undefined
  const cred = agent.value.credential
  const named = "identity" in cred ? new TextDecoder().decode(cred.identity) : ""
  return { signatureKey: agent.value.signatureKey, domain: /^mimi:\/\/([^/]+)$/.exec(named)?.[1] }
}
