import "reflect-metadata"
import { webcrypto } from "node:crypto"
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import * as x509 from "@peculiar/x509"

type CryptoKey = webcrypto.CryptoKey
type CryptoKeyPair = webcrypto.CryptoKeyPair

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0])

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const

/** PEM material for one TLS identity. */
export interface TlsIdentity { cert: string; key: string }

/** The local CA of a reference pair and the certificates it issued, kept under `<dataDir>/pki`. */
export interface LocalPki { ca: string; identities: Record<string, TlsIdentity> }

const pem = (label: string, der: ArrayBuffer) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der).toString("base64").replace(/.{1,64}/g, "$&\n")}-----END ${label}-----\n`

async function exportKey(k: CryptoKey): Promise<string> {
  return pem("PRIVATE KEY", await webcrypto.subtle.exportKey("pkcs8", k))
}

async function importKey(keyPem: string): Promise<CryptoKey> {
  const der = Buffer.from(keyPem.replace(/-----[^-]+-----|\s/g, ""), "base64")
  return webcrypto.subtle.importKey("pkcs8", der, ALG, true, ["sign"])
}

const notAfter = (from: Date) => new Date(from.getTime() + 10 * 365 * 24 * 3600 * 1000)

/**
 * Loads the pair's PKI, creating what is missing: a CA at first start, then one certificate per
 * domain with the domain as its only DNS SAN (RFC 6125 reference identity), usable for both TLS
 * server and client authentication (mutual TLS in both directions).
 */
export async function loadOrCreatePki(dataDir: string, domains: readonly string[]): Promise<LocalPki> {
  const dir = join(dataDir, "pki")
  mkdirSync(dir, { recursive: true })
  const caCertPath = join(dir, "ca.pem")
  const caKeyPath = join(dir, "ca.key")
  if (!existsSync(caCertPath) || !existsSync(caKeyPath)) {
    const keys = (await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"])) as CryptoKeyPair
    const now = new Date()
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: "01", name: "CN=e2ee-conformance reference CA", notBefore: now, notAfter: notAfter(now), keys,
      signingAlgorithm: ALG,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    })
    writeFileSync(caKeyPath, await exportKey(keys.privateKey), { mode: 0o600 })
    writeFileSync(caCertPath, cert.toString("pem"))
  }
  const caPem = readFileSync(caCertPath, "utf8")
  const caCert = new x509.X509Certificate(caPem)
  const identities: Record<string, TlsIdentity> = {}
  for (const domain of domains) {
    const certPath = join(dir, `${domain}.pem`)
    const keyPath = join(dir, `${domain}.key`)
    if (!existsSync(certPath) || !existsSync(keyPath)) {
      const caKey = await importKey(readFileSync(caKeyPath, "utf8"))
      const keys = (await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"])) as CryptoKeyPair
      const now = new Date()
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString("hex").replace(/^./, "1"),
        subject: `CN=${domain}`, issuer: caCert.subject, notBefore: now, notAfter: notAfter(now),
        publicKey: keys.publicKey, signingKey: caKey, signingAlgorithm: ALG,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
          new x509.SubjectAlternativeNameExtension([{ type: "dns", value: domain }]),
          await x509.AuthorityKeyIdentifierExtension.create(caCert),
        ],
      })
      writeFileSync(keyPath, await exportKey(keys.privateKey), { mode: 0o600 })
      writeFileSync(certPath, cert.toString("pem"))
    }
    identities[domain] = { cert: readFileSync(certPath, "utf8"), key: readFileSync(keyPath, "utf8") }
  }
  return { ca: caPem, identities }
}
