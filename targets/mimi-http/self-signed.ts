import "reflect-metadata"
import { webcrypto } from "node:crypto"
import * as x509 from "@peculiar/x509"

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0])

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const

/**
 * A certificate for `domain` that no CA issued (self-signed, P-256): what a provider presents when
 * it pretends to be a domain it cannot prove. A target must refuse it.
 */
export async function selfSignedIdentity(domain: string): Promise<{ cert: string; key: string }> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair
  const now = new Date()
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01", name: `CN=${domain}`, notBefore: now, notAfter: new Date(now.getTime() + 86_400_000), keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      new x509.SubjectAlternativeNameExtension([{ type: "dns", value: domain }]),
    ],
  })
  const der = await webcrypto.subtle.exportKey("pkcs8", keys.privateKey)
  const body = Buffer.from(der).toString("base64").replace(/.{1,64}/g, "$&\n")
  const key = `-----BEGIN PRIVATE KEY-----\n${body}-----END PRIVATE KEY-----\n`
  return { cert: cert.toString("pem"), key }
}
