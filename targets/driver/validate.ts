import { Ajv2020 } from "ajv/dist/2020.js"
import type { ValidateFunction } from "ajv"
import { driverSchema } from "./schema.ts"

const ajv = new Ajv2020({ allErrors: true, strict: false })
ajv.addSchema(driverSchema)
const cache = new Map<string, ValidateFunction>()

/** Validates `value` against `$defs/<def>` of the driver schema; returns the errors as text, or undefined. */
export function validateDriver(def: string, value: unknown): string | undefined {
  let v = cache.get(def)
  if (!v) {
    v = ajv.getSchema(`${driverSchema.$id}#/$defs/${def}`)
    if (!v) return `no schema definition ${def}`
    cache.set(def, v)
  }
  return v(value) ? undefined : ajv.errorsText(v.errors, { dataVar: def })
}
