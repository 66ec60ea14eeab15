import type { SpecDocument } from "../define.ts"
import { defineRequirements } from "../define.ts"

/** draft-ietf-mimi-room-policy-03 (18 December 2025): the room policy the mimi-protocol profile relies on. */
const ROOM_POLICY: SpecDocument = {
  doc: "draft-ietf-mimi-room-policy-03",
  profile: "mimi-protocol",
  url: "https://www.ietf.org/archive/id/draft-ietf-mimi-room-policy-03.html#section-",
}

const POLICY_READING =
  "The room's AssetPolicy is set when the room is created (the driver's createRoom `assetPolicy`). A size is " +
  "the octet length of the encrypted asset (the ExternalPart `size`); the limit is max_image, max_audio or " +
  "max_video for image/, audio/ and video/ media types and max_attachment otherwise. The provider's asset " +
  "store refuses an upload for the room that breaks the policy, and stores nothing."

/** The size and media-type limits of a room's asset policy (room-policy §6.4), on upload and on download. */
export const assetPolicyRequirements = defineRequirements(ROOM_POLICY, {
  "mimi.asset-policy.max-size": {
    level: "MUST",
    section: "6.4",
    text:
      "The max_image, max_audio, max_video, and max_attachment fields indication the maximum size in bytes of " +
      "the corresponding assets that will be accepted.",
    reading: POLICY_READING,
  },
  "mimi.asset-policy.media-type": {
    level: "MUST",
    section: "6.4",
    text:
      "forbidden_media_types is a list of media types (type and subtype) that are not allowed at all in the " +
      "room. If present, permitted_media_types is a list of media types that are permitted. When it is present, " +
      "media types MUST be one of the entries in the permitted_media_types list, and MUST NOT be in the " +
      "forbidden_media_types list.",
    reading: `${POLICY_READING} An entry without parameters matches that type/subtype with any parameters.`,
  },
  "mimi.asset-policy.recipient-enforced": {
    level: "MUST",
    section: "6.4",
    paraphrase: true,
    text:
      "A receiving client does not accept an attachment the room's asset policy does not allow: an ExternalPart " +
      "whose media type is not allowed, or whose size exceeds the limit for its kind, is refused and its " +
      "contents are never delivered.",
    reading:
      "The recipient's client checks the ExternalPart's declared contentType and size before fetching and the " +
      "size of what arrived after; either breach refuses the download as a whole.",
  },
})
