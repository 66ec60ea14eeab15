import { randomBytes } from "node:crypto"
import {
  encodeMimiContent, type ExternalPart, type MimiContent, type NestedPart,
} from "../../../harness/protocol/content/index.ts"

/** What a client sends: text, and optionally one attachment already uploaded. */
export interface Outgoing {
  text?: string
  attachment?: Omit<ExternalPart, "cardinality" | "disposition" | "language">
  inReplyTo?: Uint8Array
}

/** Builds MIMI content (content-08) with a fresh salt and the sender and room URIs as extensions 1 and 2. */
export function buildContent(
  senderUri: string, roomUri: string, out: Outgoing,
): { bytes: Uint8Array; content: MimiContent } {
  const parts: NestedPart[] = []
  if (out.text !== undefined) {
    const content = new TextEncoder().encode(out.text)
    parts.push({ cardinality: 1, disposition: 1, language: "", contentType: "text/plain;charset=utf-8", content })
  }
  if (out.attachment) parts.push({ cardinality: 2, disposition: 6, language: "", ...out.attachment })
  const nestedPart: NestedPart = parts.length === 1 && parts[0] ? parts[0]
    : parts.length === 0 ? { cardinality: 0, disposition: 1, language: "" }
    : { cardinality: 3, disposition: 1, language: "", partSemantics: 2, parts }
  const content: MimiContent = {
    salt: new Uint8Array(randomBytes(16)), replaces: null, topicId: new Uint8Array(0), expires: null,
    inReplyTo: out.inReplyTo ?? null, extensions: { senderUri, roomUri, other: [] }, nestedPart,
  }
  return { bytes: encodeMimiContent(content), content }
}

/** The parts of a received message, printable as JSON. */
export function describeContent(c: MimiContent): { text?: string; attachments: Record<string, unknown>[] } {
  const texts: string[] = []
  const attachments: Record<string, unknown>[] = []
  const walk = (p: NestedPart) => {
    if (p.cardinality === 1 && p.contentType.startsWith("text/")) texts.push(new TextDecoder().decode(p.content))
    else if (p.cardinality === 2) {
      attachments.push({ url: p.url, contentType: p.contentType, filename: p.filename, size: Number(p.size) })
    } else if (p.cardinality === 3) p.parts.forEach(walk)
  }
  walk(c.nestedPart)
  return texts.length > 0 ? { text: texts.join("\n"), attachments } : { attachments }
}
