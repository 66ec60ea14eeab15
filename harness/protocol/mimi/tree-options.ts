import { readExtensions, writeExtensions, type Extension } from "../mls/codec/extension.ts"
import { readGroupInfo, writeGroupInfo, type GroupInfo } from "../mls/codec/group-info.ts"
import { readRatchetTree, writeRatchetTree, type RatchetTree } from "../mls/codec/ratchet-tree.ts"
import { codec, decode, encode, type Reader, type Writer } from "../tls-syntax/index.ts"
import { writeEnum } from "./common.ts"

/** draft-mahy-mls-ratchet-tree-options §3 RatchetTreeRepresentation. */
export const RATCHET_TREE_REPRESENTATIONS = [undefined, "full", "httpsUri", "outOfBand", "distributionService"] as const

/**
 * RatchetTreeOption. `full` carries `Node ratchet_tree<V>` in the draft, but a tree has blank nodes;
 * the suite reads it as the RFC 9420 ratchet_tree extension body (`optional<Node> ratchet_tree<V>`),
 * which is what "the complete ratchet_tree extension is included" says. The select names `httpsUrl`
 * for the enum's `httpsUri`: the same case.
 */
export type RatchetTreeOption =
  | { representation: "full"; ratchetTree: RatchetTree }
  | { representation: "httpsUri"; url: Uint8Array; treeSignature: Uint8Array }
  | { representation: "outOfBand"; treeSignature: Uint8Array }
  | { representation: "distributionService" }

export function readRatchetTreeOption(r: Reader): RatchetTreeOption {
  const representation = r.enum("representation", 1, RATCHET_TREE_REPRESENTATIONS)
  switch (representation) {
    case "full": return { representation, ratchetTree: readRatchetTree(r) }
    case "httpsUri": {
      const url = r.opaque("ratchet_tree_url")
      return { representation, url, treeSignature: r.opaque("tree_signature") }
    }
    case "outOfBand": return { representation, treeSignature: r.opaque("tree_signature") }
    case "distributionService": return { representation }
  }
}

export function writeRatchetTreeOption(w: Writer, v: RatchetTreeOption): void {
  writeEnum(w, RATCHET_TREE_REPRESENTATIONS, v.representation)
  if (v.representation === "full") writeRatchetTree(w, v.ratchetTree)
  else if (v.representation === "httpsUri") {
    w.opaque(v.url)
    w.opaque(v.treeSignature)
  } else if (v.representation === "outOfBand") w.opaque(v.treeSignature)
}

export const RATCHET_TREE_PRESENCE = ["no_ratchet_tree", "present", "removed", "added"] as const

/** PartialGroupInfo (ratchet-tree-options §4). */
export interface PartialGroupInfo {
  ratchetTreePresence: (typeof RATCHET_TREE_PRESENCE)[number]
  groupInfoExtensions: Extension[]
  signature: Uint8Array
}

/** -06 §5.3 GroupInfoOption: `enum { reserved(0), full(1), partial(2), (255) } GroupInfoRepresentation`. */
export type GroupInfoOption =
  | { representation: "full"; groupInfo: GroupInfo }
  | { representation: "partial"; partialGroupInfo: PartialGroupInfo }

const GROUP_INFO_REPRESENTATIONS = [undefined, "full", "partial"] as const

export function readGroupInfoOption(r: Reader): GroupInfoOption {
  const representation = r.enum("representation", 1, GROUP_INFO_REPRESENTATIONS)
  if (representation === "full") return { representation, groupInfo: r.struct("groupInfo", readGroupInfo) }
  return {
    representation,
    partialGroupInfo: r.struct("partialGroupInfo", (r) => ({
      ratchetTreePresence: r.enum("ratchet_tree_presence", 1, RATCHET_TREE_PRESENCE),
      groupInfoExtensions: readExtensions(r, "group_info_extensions"),
      signature: r.opaque("signature"),
    })),
  }
}

export function writeGroupInfoOption(w: Writer, v: GroupInfoOption): void {
  writeEnum(w, GROUP_INFO_REPRESENTATIONS, v.representation)
  if (v.representation === "full") return writeGroupInfo(w, v.groupInfo)
  writeEnum(w, RATCHET_TREE_PRESENCE, v.partialGroupInfo.ratchetTreePresence)
  writeExtensions(w, v.partialGroupInfo.groupInfoExtensions)
  w.opaque(v.partialGroupInfo.signature)
}

export const ratchetTreeOptionCodec = codec("RatchetTreeOption", readRatchetTreeOption, writeRatchetTreeOption)
export const decodeRatchetTreeOption = (b: Uint8Array) => decode(ratchetTreeOptionCodec, b)
export const encodeRatchetTreeOption = (v: RatchetTreeOption) => encode(ratchetTreeOptionCodec, v)
export const groupInfoOptionCodec = codec("GroupInfoOption", readGroupInfoOption, writeGroupInfoOption)
export const decodeGroupInfoOption = (b: Uint8Array) => decode(groupInfoOptionCodec, b)
export const encodeGroupInfoOption = (v: GroupInfoOption) => encode(groupInfoOptionCodec, v)
