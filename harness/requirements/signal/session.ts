import { defineRequirements } from "../define.ts"
import { DOUBLE_RATCHET, LIBSIGNAL_WIRE, PQXDH, X3DH, XEDDSA } from "./documents.ts"

const x3dh = defineRequirements(X3DH, {
  "signal.x3dh.spk-signature-verified": {
    level: "MUST", section: "3.3",
    text: "Alice verifies the prekey signature and aborts the protocol if verification fails.",
  },
  "signal.keys.curve25519-encoding": {
    level: "MUST", section: "2.1", paraphrase: true,
    text:
      "Encode(PK) is a single-byte constant naming the curve followed by the little-endian u-coordinate; " +
      "every public key a party publishes or sends is 0x05 followed by the 32-byte X25519 u-coordinate.",
    reading: "The specification recommends the shape; the constant 0x05 is what every Signal implementation uses.",
  },
  "signal.x3dh.one-time-prekey-single-use": {
    level: "MUST", section: "3.4",
    text: "Bob deletes any one-time prekey private key that was used, for forward secrecy.",
    reading: "A second initial message naming an already used one-time prekey (with a new base key) is refused.",
  },
  "signal.x3dh.initial-message-accepted": {
    level: "MUST", section: "3.4", paraphrase: true,
    text:
      "Bob derives SK from Alice's identity and ephemeral keys and his prekeys, and decrypts the initial " +
      "ciphertext; both parties then use SK to continue with the Double Ratchet in both directions.",
  },
  "signal.identity.change-detected": {
    level: "SHOULD", section: "4.1", paraphrase: true,
    text:
      "The parties authenticate each other's identity public keys; a peer whose identity key differs from the " +
      "one recorded for it is not silently accepted as the same peer.",
    reading: "The suite's adapters trust on first use; a changed key must make the target refuse the new session.",
  },
})

const pqxdh = defineRequirements(PQXDH, {
  "signal.pqxdh.kyber-signature-verified": {
    level: "MUST", section: "3.3", paraphrase: true,
    text:
      "Alice verifies the signatures on the signed curve prekey and on the post-quantum KEM prekey, and aborts " +
      "the protocol if any verification fails.",
  },
})

const ratchet = defineRequirements(DOUBLE_RATCHET, {
  "signal.ratchet.in-order": {
    level: "MUST", section: "3.4", paraphrase: true,
    text: "Messages received in the order they were sent decrypt, in both directions and across DH ratchet steps.",
  },
  "signal.ratchet.out-of-order-within-chain": {
    level: "MUST", section: "2.6", paraphrase: true,
    text:
      "A message that arrives after later messages of the same sending chain decrypts with the message key " +
      "stored when it was skipped.",
  },
  "signal.ratchet.out-of-order-across-step": {
    level: "MUST", section: "2.6", paraphrase: true,
    text:
      "A message of an earlier sending chain that arrives after the DH ratchet has stepped decrypts, using the " +
      "previous chain length (PN) carried in the header.",
  },
  "signal.ratchet.replay-refused": {
    level: "MUST", section: "3.5", paraphrase: true,
    text: "A message key is deleted once used; the same message delivered again is refused.",
  },
  "signal.ratchet.failure-keeps-state": {
    level: "MUST", section: "3.5",
    text:
      "If an exception is raised (e.g. message authentication failure) then the message is discarded and " +
      "changes to the state object are discarded.",
  },
  "signal.ratchet.max-skip-honoured": {
    level: "MUST", section: "3.5", paraphrase: true,
    text:
      "A message that would require skipping more than MAX_SKIP message keys in one chain is refused, and the " +
      "refusal leaves the session usable.",
    reading:
      "The limit is the receiver's declared maxSkippedMessages (libsignal 25000, " +
      "libsignal-protocol-typescript 2000).",
  },
  "signal.ratchet.kdf-chains-match": {
    level: "MUST", section: "5.2", paraphrase: true,
    text:
      "Given the same private keys, a party derives the X3DH secret and the root, chain and message keys of the " +
      "specified KDF chains (HKDF-SHA256, HMAC-SHA256, AES-256-CBC): it decrypts a published transcript's " +
      "messages and sends that transcript's ciphertexts byte for byte.",
    reading: "PreKeySignalMessages are compared field by field: field order is not canonical across implementations.",
  },
  "signal.message.mac-verified": {
    level: "MUST", section: "5.2", paraphrase: true,
    text:
      "The authentication tag over the associated data and ciphertext is verified; a message whose tag fails " +
      "is refused.",
  },
  "signal.message.ciphertext-authenticated": {
    level: "MUST", section: "5.2", paraphrase: true,
    text: "A message whose ciphertext was altered fails authentication and is refused.",
  },
})

const xeddsa = defineRequirements(XEDDSA, {
  "signal.xeddsa.signature-valid": {
    level: "MUST", section: "2.5", paraphrase: true,
    text:
      "A published prekey signature is an XEdDSA signature over Encode(prekey) that verifies under the " +
      "identity key.",
  },
})

const wire = defineRequirements(LIBSIGNAL_WIRE, {
  "signal.message.version-checked": {
    level: "MUST", section: "SignalMessage", paraphrase: true,
    text: "A message whose version byte names a version the receiver does not speak is refused.",
  },
  "signal.wire.well-formed": {
    level: "MUST", section: "SignalMessage", paraphrase: true,
    text:
      "A SignalMessage is a version byte ((session version << 4) | current version), a protobuf with ratchetKey, " +
      "counter, previousCounter and ciphertext, and an 8-byte truncated HMAC-SHA256; a PreKeySignalMessage " +
      "carries registrationId, preKeyId, signedPreKeyId, baseKey, identityKey and the SignalMessage (v4 adds " +
      "kyberPreKeyId and kyberCiphertext).",
  },
  "signal.wire.version-declared": {
    level: "MUST", section: "SignalMessage", paraphrase: true,
    text: "The message version a party sends is one it declares it speaks.",
  },
})

/** Every requirement of the `signal` profile. */
export const signalRequirements = { ...x3dh, ...pqxdh, ...ratchet, ...xeddsa, ...wire } as const

export type SignalRequirementId = keyof typeof signalRequirements
