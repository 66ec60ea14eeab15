import type { FramedContent } from "../codec/framed-content.ts"
import type { WireFormat } from "../codec/enums.ts"
import { encodeConfirmedTranscriptHashInput } from "../codec/transcript.ts"
import { concat, opaqueVec } from "../crypto/bytes.ts"
import type { CipherSuite } from "../crypto/ciphersuite.ts"

/** Transcript hashes of RFC 9420 §8.2. */

/** confirmed_transcript_hash_[n] = Hash(interim_[n-1] || ConfirmedTranscriptHashInput_[n]). */
export function confirmedTranscriptHash(
  cs: CipherSuite, interimBefore: Uint8Array, wireFormat: WireFormat, content: FramedContent, signature: Uint8Array,
): Uint8Array {
  return cs.hash(concat(interimBefore, encodeConfirmedTranscriptHashInput({ wireFormat, content, signature })))
}

/** interim_transcript_hash_[n] = Hash(confirmed_[n] || InterimTranscriptHashInput_[n]). */
export function interimTranscriptHash(cs: CipherSuite, confirmed: Uint8Array, confirmationTag: Uint8Array): Uint8Array {
  return cs.hash(concat(confirmed, opaqueVec(confirmationTag)))
}
