import {
  ciphersuites,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  type CiphersuiteImpl,
  type CiphersuiteName,
} from "ts-mls"

/** What ts-mls cannot do here: an unknown cipher suite, a missing optional dependency, an unoffered feature. */
export class Unsupported extends Error {
  override readonly name = "Unsupported"
}

const names = new Map<number, CiphersuiteName>(
  Object.entries(ciphersuites).map(([name, id]) => [id, name as CiphersuiteName]),
)
const impls = new Map<number, Promise<CiphersuiteImpl>>()

/**
 * The ts-mls implementation of a cipher suite with its default crypto provider: the library as its
 * users get it. A key generation probes the optional dependencies, which ts-mls loads lazily.
 */
export function cipherSuiteImpl(id: number): Promise<CiphersuiteImpl> {
  let impl = impls.get(id)
  if (impl === undefined) {
    impl = load(id)
    impls.set(id, impl)
  }
  return impl
}

async function load(id: number): Promise<CiphersuiteImpl> {
  const name = names.get(id)
  if (name === undefined) throw new Unsupported(`ts-mls has no cipher suite ${id}`)
  try {
    const impl = await getCiphersuiteImpl(getCiphersuiteFromName(name))
    await impl.hpke.generateKeyPair()
    await impl.signature.keygen()
    return impl
  } catch (e) {
    throw new Unsupported(`cipher suite ${id} (${name}): ${(e as Error).message}`)
  }
}

/** Errors that mean "cannot here" rather than "refused this input". */
export function isUnsupported(e: unknown): boolean {
  return e instanceof Unsupported || (e instanceof Error && e.name === "DependencyError")
}
