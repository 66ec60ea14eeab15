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
export const unproven: Record<string, { requirements: string[]; why: string }> = {
  // The fault accepts a removed user's messages but fans out only to MLS members, which the removing
  // commit already dropped: nothing reaches the removed user's provider, so the check holds.
  "deliver-to-removed": { requirements: ["mimi.fanout.active-members"], why: "fan-out follows MLS membership" },
}
