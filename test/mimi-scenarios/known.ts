/**
 * What the self-tests accept of the reference pair today, each entry with its reason. Asserted
 * exactly, so a fix in the reference makes the tests ask for the entry's removal.
 */
export const deviations: Record<string, { checks: string[]; why: string }> = {
  // The reference's rooms carry no external_senders extension (-06 §7.4), so the hub's GroupInfo
  // signing key cannot be found in the group: the requester cannot authenticate the response.
  "mimi.multi-device.external-join": {
    checks: ["mimi.group-info.signed-by-hub"], why: "no external_senders in reference rooms",
  },
}
/** Seeded faults that leave some of their targeted requirements holding, each with its reason (none today). */
export const unproven: Record<string, { requirements: string[]; why: string }> = {}
/**
 * Requirements a seeded fault breaks besides those the fault catalogue names for it: the self-tests
 * hold the fault to these too.
 */
export const alsoBreaks: Record<string, { requirements: string[]; why: string }> = {
  // A removed client's commit prepared before its removal is for the epoch the hub just left.
  "accept-two-commits-per-epoch": {
    requirements: ["mimi.handshake.removed-user-cut-off"], why: "a removed client's late commit is accepted",
  },
}
