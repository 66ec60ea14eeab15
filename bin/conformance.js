#!/usr/bin/env node
// The suite is TypeScript run directly (no build step): tsx registers the loader.
import { register } from "tsx/esm/api"

register()
const { main } = await import("../harness/cli/main.ts")
process.exitCode = await main(process.argv)
