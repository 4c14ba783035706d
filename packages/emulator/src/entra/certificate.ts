/**
 * Self-signed X.509 certificates for app credentials and signing keys, and their thumbprints.
 * Entra ID names a certificate by the SHA-1 (`x5t`) or SHA-256 (`x5t#S256`) hash of its DER
 * encoding, so the emulator issues real certificates rather than bare keys.
 * See https://learn.microsoft.com/entra/identity-platform/certificate-credentials
 *
 * @module
 */
import { createHash, generateKeyPair, type KeyObject, sign, X509Certificate } from 'node:crypto';
import { promisify } from 'node:util';

/** A certificate as Entra ID records it. */
export interface CertificateDescription {
  /** The PEM text of the certificate. */
  certificatePem: string;
  publicKey: KeyObject;
  /** SHA-1 of the DER certificate, upper-case hex (what the Azure portal shows). */
  thumbprint: string;
  /** SHA-256 of the DER certificate, upper-case hex. */
  thumbprintSha256: string;
  notBefore: Date;
  notAfter: Date;
}

/** A certificate with its private key, ready to sign client assertions. */
export interface CertificateCredential extends CertificateDescription {
  privateKey: KeyObject;
  privateKeyPem: string;
}

const generateRsaKeyPair = promisify(generateKeyPair);

/** Generates a 2048-bit RSA key and a self-signed certificate for it. */
export async function generateCertificateCredential(
  subject: string,
  notBefore: Date,
  lifetimeDays = 365,
): Promise<CertificateCredential> {
  const { privateKey, publicKey } = await generateRsaKeyPair('rsa', { modulusLength: 2048 });
  const notAfter = new Date(notBefore.getTime() + lifetimeDays * 86_400_000);
  const der = selfSignedCertificate(subject, publicKey, privateKey, notBefore, notAfter);
  const description = describeCertificate(toPem(der));
  if (!description.ok) throw new Error(`generated an unreadable certificate: ${description.error}`);
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { ...description.value, privateKey, privateKeyPem };
}

/** Reads a certificate given as PEM or as base64 DER (the portal's upload format). */
export function describeCertificate(
  text: string,
): { ok: true; value: CertificateDescription } | { ok: false; error: string } {
  let certificate: X509Certificate;
  try {
    const pem = text.includes('-----BEGIN') ? text : toPem(Buffer.from(text, 'base64'));
    certificate = new X509Certificate(pem);
  } catch {
    return { ok: false, error: 'not a PEM or base64 DER X.509 certificate' };
  }
  if (certificate.publicKey.asymmetricKeyType !== 'rsa') {
    return { ok: false, error: 'only RSA certificates are supported' };
  }
  return { ok: true, value: summarise(certificate) };
}

/** Base64url of the hex thumbprint's bytes, as in a JWT `x5t` or `x5t#S256` header. */
export function thumbprintHeader(hexThumbprint: string): string {
  return Buffer.from(hexThumbprint, 'hex').toString('base64url');
}

function summarise(certificate: X509Certificate): CertificateDescription {
  return {
    certificatePem: certificate.toString(),
    publicKey: certificate.publicKey,
    thumbprint: createHash('sha1').update(certificate.raw).digest('hex').toUpperCase(),
    thumbprintSha256: createHash('sha256').update(certificate.raw).digest('hex').toUpperCase(),
    notBefore: new Date(certificate.validFrom),
    notAfter: new Date(certificate.validTo),
  };
}

function toPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

// RFC 5280 §4.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signature }.
function selfSignedCertificate(
  subject: string,
  publicKey: KeyObject,
  privateKey: KeyObject,
  notBefore: Date,
  notAfter: Date,
): Buffer {
  const algorithm = sequence(objectId('1.2.840.113549.1.1.11'), derNull()); // sha256WithRSA
  const name = sequence(set(sequence(objectId('2.5.4.3'), utf8(subject))));
  const tbs = sequence(
    tagged(0, integer(Buffer.from([2]))), // version 3
    integer(
      createHash('sha256').update(subject).update(String(notBefore)).digest().subarray(0, 16),
    ),
    algorithm,
    name,
    sequence(time(notBefore), time(notAfter)),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  return sequence(tbs, algorithm, bitString(sign('sha256', tbs, privateKey)));
}

function element(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function sequence(...items: Buffer[]): Buffer {
  return element(0x30, Buffer.concat(items));
}

function set(...items: Buffer[]): Buffer {
  return element(0x31, Buffer.concat(items));
}

function tagged(tagNumber: number, content: Buffer): Buffer {
  return element(0xa0 | tagNumber, content);
}

// A DER INTEGER is signed: a leading 0x00 keeps a value with the top bit set positive.
function integer(value: Buffer): Buffer {
  const first = value[0] ?? 0;
  return element(0x02, first & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value);
}

function bitString(bytes: Buffer): Buffer {
  return element(0x03, Buffer.concat([Buffer.from([0]), bytes]));
}

function derNull(): Buffer {
  return Buffer.from([0x05, 0x00]);
}

function utf8(text: string): Buffer {
  return element(0x0c, Buffer.from(text, 'utf8'));
}

function objectId(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let value = arc >> 7; value > 0; value >>= 7) chunk.unshift((value & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return element(0x06, Buffer.from(bytes));
}

// RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
function time(date: Date): Buffer {
  const digits = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return date.getUTCFullYear() < 2050
    ? element(0x17, Buffer.from(`${digits.slice(2)}Z`))
    : element(0x18, Buffer.from(`${digits}Z`));
}
