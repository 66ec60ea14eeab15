/** messages.json: every field decodes with the strict codec and re-encodes byte-exactly. */
import * as c from "../../protocol/mls/codec/index.ts"
import { decoded, Fields, same, verdictOf, type FamilyVerifier } from "./verdict.ts"

/** Each field of messages.json, the struct it holds, and for MLSMessages the wire format and content type. */
const FIELDS: [string, c.Codec<unknown>, string?, string?][] = [
  ["mls_welcome", c.mlsMessageCodec, "mls_welcome"],
  ["mls_group_info", c.mlsMessageCodec, "mls_group_info"],
  ["mls_key_package", c.mlsMessageCodec, "mls_key_package"],
  ["ratchet_tree", c.ratchetTreeCodec],
  ["group_secrets", c.groupSecretsCodec],
  ["add_proposal", c.addCodec],
  ["update_proposal", c.updateCodec],
  ["remove_proposal", c.removeCodec],
  ["pre_shared_key_proposal", c.preSharedKeyCodec],
  ["re_init_proposal", c.reInitCodec],
  ["external_init_proposal", c.externalInitCodec],
  ["group_context_extensions_proposal", c.groupContextExtensionsCodec],
  ["commit", c.commitCodec],
  ["public_message_application", c.mlsMessageCodec, "mls_public_message", "application"],
  ["public_message_proposal", c.mlsMessageCodec, "mls_public_message", "proposal"],
  ["public_message_commit", c.mlsMessageCodec, "mls_public_message", "commit"],
  ["private_message", c.mlsMessageCodec, "mls_private_message"],
]

export const messages: FamilyVerifier = {
  family: "messages",
  verifyCase: (raw) => verdictOf(() => {
    const f = new Fields(raw)
    for (const [field, codec, wireFormat, contentType] of FIELDS) {
      const bytes = f.bytes(field)
      const value = decoded(field, codec, bytes)
      same(field, bytes, c.encode(codec, value))
      if (wireFormat === undefined) continue
      const msg = value as c.MlsMessage
      same(`${field}.wire_format`, wireFormat, msg.wireFormat)
      if (contentType !== undefined && msg.wireFormat === "mls_public_message") {
        same(`${field}.content_type`, contentType, msg.publicMessage.content.contentType)
      }
    }
  }),
}
