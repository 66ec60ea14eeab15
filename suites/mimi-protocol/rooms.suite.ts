/**
 * The scenarios that need the suite's own endpoint (notify, keyMaterial). They share one suite file
 * so that one worker owns the peer's port, which the target routes the peer's domain to.
 */
import { afterAll } from "vitest"
import { closeProvider } from "./fixtures.ts"
import "./group.scenarios.ts"

afterAll(closeProvider)
import "./handshake.scenarios.ts"
import "./multi-device.scenarios.ts"
