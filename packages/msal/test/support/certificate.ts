/**
 * Makes an RSA key and a self-signed X.509 certificate for it with nothing but `node:crypto`:
 * `X509Certificate` reads certificates but cannot make one, so the few DER structures of
 * RFC 5280 §4.1 are written by hand here.
 */
import { generateKeyPairSync, type KeyObject, sign, X509Certificate } from 'node:crypto';

export interface TestCertificate {
  privateKeyPem: string;
  /** PKCS#1 (`BEGIN RSA PRIVATE KEY`), the form older tools write. */
  privateKeyPkcs1Pem: string;
  publicKey: KeyObject;
  certificatePem: string;
  /** Lower-case hex SHA-1 and SHA-256 of the certificate's DER. */
  thumbprint: string;
  thumbprintSha256: string;
}

function length(size: number): Buffer {
  if (size < 0x80) return Buffer.from([size]);
  const bytes: number[] = [];
  for (let rest = size; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const sequence = (...content: Buffer[]) => der(0x30, ...content);
// sha256WithRSAEncryption, 1.2.840.113549.1.1.11, with NULL parameters.
const sha256WithRsa = sequence(
  Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]),
  Buffer.from([0x05, 0x00]),
);

function name(commonName: string): Buffer {
  const commonNameOid = Buffer.from([0x06, 0x03, 0x55, 0x04, 0x03]);
  return sequence(der(0x31, sequence(commonNameOid, der(0x0c, Buffer.from(commonName)))));
}

function tbsCertificate(publicKey: KeyObject, commonName: string): Buffer {
  const version = der(0xa0, der(0x02, Buffer.from([0x02])));
  const serial = der(0x02, Buffer.from([0x01, 0x23, 0x45, 0x67]));
  const validity = sequence(
    der(0x17, Buffer.from('250101000000Z')),
    der(0x17, Buffer.from('491231235959Z')),
  );
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const subject = name(commonName);
  return sequence(version, serial, sha256WithRsa, subject, validity, subject, spki);
}

function pem(label: string, body: Buffer): string {
  const lines = body.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export function makeTestCertificate(commonName = 'lifeline-msal-test'): TestCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const tbs = tbsCertificate(publicKey, commonName);
  const signature = sign('sha256', tbs, privateKey);
  const certificateDer = sequence(tbs, sha256WithRsa, der(0x03, Buffer.from([0]), signature));
  const certificate = new X509Certificate(certificateDer);
  if (!certificate.verify(publicKey)) throw new Error('the test certificate does not verify');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    privateKeyPkcs1Pem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKey,
    certificatePem: pem('CERTIFICATE', certificateDer),
    thumbprint: certificate.fingerprint.replaceAll(':', '').toLowerCase(),
    thumbprintSha256: certificate.fingerprint256.replaceAll(':', '').toLowerCase(),
  };
}
