import { mimiThroughputBench } from "./mimi-throughput.ts"
import { oracleVectorsBench } from "./oracle-vectors.ts"
import { treeValidationBench } from "./tree-validation.ts"
import { vectorSuiteBench } from "./vector-suite.ts"

export interface BenchResult {
  /** Markdown table for people. */
  table: string
  /** The numbers, for bench-results.json. */
  data: unknown
}

export interface Bench {
  name: string
  description: string
  run(): Promise<BenchResult>
}

export const benches: Bench[] = [vectorSuiteBench, oracleVectorsBench, treeValidationBench, mimiThroughputBench]
