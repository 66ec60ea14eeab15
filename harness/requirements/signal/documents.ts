import type { SpecDocument } from "../define.ts"

/** Signal's published specifications. Their pages have no numbered anchors: links open the page. */
export const X3DH: SpecDocument = {
  doc: "Signal X3DH (revision 1, 2016-11-04)",
  profile: "signal",
  url: "https://signal.org/docs/specifications/x3dh/#",
}

export const PQXDH: SpecDocument = {
  doc: "Signal PQXDH",
  profile: "signal",
  url: "https://signal.org/docs/specifications/pqxdh/#",
}

export const DOUBLE_RATCHET: SpecDocument = {
  doc: "Signal Double Ratchet (revision 1, 2016-11-20)",
  profile: "signal",
  url: "https://signal.org/docs/specifications/doubleratchet/#",
}

export const XEDDSA: SpecDocument = {
  doc: "XEdDSA and VXEdDSA (revision 1, 2016-10-20)",
  profile: "signal",
  url: "https://signal.org/docs/specifications/xeddsa/#",
}

/** The message framing is not in the specifications; libsignal's wire.proto is the de facto reference. */
export const LIBSIGNAL_WIRE: SpecDocument = {
  doc: "libsignal wire format (wire.proto)",
  profile: "signal",
  url: "https://github.com/signalapp/libsignal/blob/main/rust/protocol/src/proto/wire.proto#",
}
