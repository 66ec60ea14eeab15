import { defineRequirements } from "../define.ts"
import { MIMI_PROTOCOL } from "./document.ts"

/** keyMaterial: claiming one KeyPackage per client of a user (§5.2, §4.3.1). */
export const keyMaterialRequirements = defineRequirements(MIMI_PROTOCOL, {
  "mimi.key-material.one-per-client": {
    level: "MUST",
    section: "5.2",
    text:
      "If the user code is success or partialSuccess, each client is enumerated in the response. Then for each " +
      "client with a client success code, the structure includes initial keying material (a KeyPackage for MLS 1.0).",
    reading: "Each client of the target user appears exactly once, and a success entry carries exactly one KeyPackage.",
  },
  "mimi.key-material.user-code-consistent": {
    level: "MUST",
    section: "5.2",
    text:
      "success indicates that key material was provided for every client of the target user. partialSuccess " +
      "indicates that key material was provided for at least one client of the target user.",
  },
  "mimi.key-material.clients-empty-on-failure": {
    level: "MUST",
    section: "5.2",
    text:
      "If the user code is noCompatibleMaterial, the provider MAY populate the clients list. For any other user " +
      "code, the provider MUST NOT populate the clients list.",
  },
  "mimi.key-material.single-use": {
    level: "MUST",
    section: "5.2",
    text: "Keying material provided from one response MUST NOT be provided in any other response.",
  },
  "mimi.key-material.not-expired": {
    level: "MUST",
    section: "5.2",
    text:
      "The target provider MUST NOT provide expired keying material (ex: an MLS KeyPackage containing a LeafNode " +
      "with a notAfter time past the current date and time).",
  },
  "mimi.key-material.key-package-valid": {
    level: "MUST",
    section: "5.2",
    paraphrase: true,
    text:
      "Each KeyPackage returned is a valid RFC 9420 KeyPackage (signature, leaf node, lifetime) of the client " +
      "named in clientUri.",
  },
  "mimi.key-material.ciphersuite-negotiated": {
    level: "MUST",
    section: "5.2",
    text:
      "For MLS, the request includes a non-empty list of acceptable MLS ciphersuites. [...] nothingCompatible " +
      "indicates that the specified clients had no key material compatible with the requiredCapabilities field " +
      "in the request.",
    reading:
      "A returned KeyPackage uses one of acceptableCiphersuites and its capabilities cover requiredCapabilities; " +
      "a client without such a KeyPackage is reported as nothingCompatible, never given an incompatible one.",
  },
  "mimi.key-material.no-compatible-material": {
    level: "MUST",
    section: "5.2",
    text:
      "noCompatibleMaterial indicates that none of the clients was able to supply key material compatible with " +
      "the requiredCapabilities field in the request.",
  },
  "mimi.key-material.user-unknown": {
    level: "MUST",
    section: "5.2",
    text:
      "userUnknown indicates that the target user is not known to the target provider. noConsent [...] The target " +
      "provider can use this response as a catch all and in place of other status codes such as userUnknown if " +
      "desired to preserve the privacy of its users.",
    reading: "For a user that does not exist the suite accepts userUnknown or noConsent, and nothing else.",
  },
  "mimi.key-material.request-signature-verified": {
    level: "MUST",
    section: "5.2",
    text:
      "Finally, the request includes a signature, using the SignaturePublicKey and covering KeyMaterialRequestTBS.",
    reading:
      "The draft does not spell out the receiver's duty; a signature that is only decorative protects nothing. " +
      "The suite requires that a request whose key_material_request_signature does not verify " +
      "(VerifyWithLabel with label \"KeyMaterialRequestTBS\") claims no KeyPackage. The draft names no cipher " +
      "suite for this signature; the suite uses the first entry of acceptableCiphersuites.",
  },
  "mimi.key-material.request-well-formed": {
    level: "MUST",
    section: "5.2",
    text:
      "When the request is being made in the context of adding the target user to a room, the request MUST " +
      "include the room ID for which the KeyPackage is intended [...] For MLS, the request includes a non-empty " +
      "list of acceptable MLS ciphersuites.",
  },
  "mimi.key-material.via-hub": {
    level: "MUST",
    section: "5.2",
    text:
      "KeyPackages requested using this primitive MUST be sent via the hub provider of whatever room they will be " +
      "used in.",
  },
  "mimi.key-material.response-names-user": {
    level: "MUST",
    section: "5.2",
    paraphrase: true,
    text: "The response's userUri is the target user of the request, and the response protocol is the requested one.",
  },
})
