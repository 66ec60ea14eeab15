/** The Double Ratchet: ordering, replays and the skipped-message limit, after a completed first exchange. */
import { converse, delivers, refused, sendMany, type SignalScenario } from "./support.ts"

/**
 * 1. Alice sends three  2. Bob answers three  3. Alice sends two more: each side reads in order,
 * across two DH ratchet steps.
 */
export const inOrder: SignalScenario = async (alice, bob, check) => {
  const id = "signal.ratchet.in-order"
  if (!(await converse(alice, bob, check))) return
  for (const [from, to, fromName, toName, count] of [
    [alice, bob, "alice", "bob", 3], [bob, alice, "bob", "alice", 3], [alice, bob, "alice", "bob", 2],
  ] as const) {
    const batch = await sendMany(from, toName, count, `${fromName} says`, check, id)
    if (batch === undefined) return
    for (const [i, m] of batch.entries()) {
      check(id, await delivers(to, fromName, m.message, m.sent, `${fromName}'s message ${i}`))
    }
  }
}

/** 1. Alice sends three in one chain  2. Bob reads them 2, 0, 1. */
export const outOfOrderWithinChain: SignalScenario = async (alice, bob, check) => {
  const id = "signal.ratchet.out-of-order-within-chain"
  if (!(await converse(alice, bob, check))) return
  const batch = await sendMany(alice, "bob", 3, "chain", check, id)
  if (batch === undefined) return
  for (const i of [2, 0, 1]) {
    check(id, await delivers(bob, "alice", batch[i]!.message, batch[i]!.sent, `message ${i} of the chain`))
  }
}

/**
 * 1. Alice sends two, Bob reads the first  2. Bob replies, Alice reads it (her ratchet steps)
 * 3. Alice sends one more  4. Bob reads it, then the late one.
 */
export const outOfOrderAcrossStep: SignalScenario = async (alice, bob, check) => {
  const id = "signal.ratchet.out-of-order-across-step"
  if (!(await converse(alice, bob, check))) return
  // 1.
  const early = await sendMany(alice, "bob", 2, "before the step", check, id)
  if (early === undefined) return
  check(id, await delivers(bob, "alice", early[0]!.message, early[0]!.sent, "the first message before the step"))
  // 2.
  const reply = await sendMany(bob, "alice", 1, "bob steps", check, id)
  if (reply === undefined) return
  check(id, await delivers(alice, "bob", reply[0]!.message, reply[0]!.sent, "Bob's reply"))
  // 3.
  const late = await sendMany(alice, "bob", 1, "after the step", check, id)
  if (late === undefined) return
  // 4.
  check(id, await delivers(bob, "alice", late[0]!.message, late[0]!.sent, "the message after the step"))
  check(id, await delivers(bob, "alice", early[1]!.message, early[1]!.sent, "the late message of the previous chain"))
}

/** 1. Bob reads a message  2. the same bytes again are refused  3. Alice's next message still reads. */
export const replayRefused: SignalScenario = async (alice, bob, check) => {
  const id = "signal.ratchet.replay-refused"
  if (!(await converse(alice, bob, check))) return
  const batch = await sendMany(alice, "bob", 2, "once", check, id)
  if (batch === undefined) return
  const [m0, m1] = [batch[0]!, batch[1]!]
  // 1.
  check(id, await delivers(bob, "alice", m0.message, m0.sent, "the original"))
  // 2.
  check(id, refused(await bob.decrypt("alice", m0.message), "the same message delivered a second time"))
  // 3.
  const next = await delivers(bob, "alice", m1.message, m1.sent, "the next message after a refused replay")
  check("signal.ratchet.failure-keeps-state", next)
}

/**
 * 1. Alice encrypts maxSkippedMessages + 2 messages  2. Bob is handed only the last one, which would
 * need more skipped keys than he allows: refused  3. the first message still reads.
 */
export const maxSkipHonoured: SignalScenario = async (alice, bob, check) => {
  const id = "signal.ratchet.max-skip-honoured"
  if (!(await converse(alice, bob, check))) return
  const limit = bob.capabilities().maxSkippedMessages
  // 1.
  const batch = await sendMany(alice, "bob", limit + 2, "far", check, id)
  if (batch === undefined) return
  const [first, last] = [batch[0]!, batch.at(-1)!]
  // 2.
  const far = await bob.decrypt("alice", last.message)
  check(id, refused(far, `a message ${limit + 1} ahead in the chain (limit ${limit})`))
  // 3.
  check(id, await delivers(bob, "alice", first.message, first.sent, "the first message after the refusal"))
}
