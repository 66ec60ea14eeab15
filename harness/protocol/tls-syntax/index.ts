export * from "./errors.ts"
export { Reader } from "./reader.ts"
export { Writer } from "./writer.ts"
export * from "./codec.ts"
