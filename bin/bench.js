#!/usr/bin/env node
// npm run bench [-- NAME...]: the suite's benchmarks (TypeScript, run through tsx).
import { register } from "tsx/esm/api"

register()
const { main } = await import("../bench/main.ts")
process.exitCode = await main(process.argv.slice(2))
