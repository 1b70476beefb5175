// X.509 v3 certificates built with Node's crypto (ECDSA P-256 with SHA-256): a self-signed CA and leaf
// certificates for DNS names and IP addresses, signed by it. Pure: keys, names, serial and validity come in.
import { sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import { bitString, boolean, explicit, implicit, integer, octetString, oid, sequence, set, time, utf8String } from './der.js';

const ECDSA_WITH_SHA256 = sequence(oid('1.2.840.10045.4.3.2'));
const COMMON_NAME = '2.5.4.3';
const ORGANIZATION = '2.5.4.10';

export interface CertificateRequest {
  subject: { commonName: string; organization?: string };
  issuer: { commonName: string; organization?: string };
  /** The certificate's public key, and the key that signs it (the CA's, or its own for a self-signed CA). */
  publicKey: KeyObject;
  signingKey: KeyObject;
  serial: Buffer;
  notBefore: Date;
  notAfter: Date;
  ca: boolean;
  /** subjectAltName entries: DNS names (wildcards allowed) and IP addresses. */
  altNames?: readonly string[];
}

function name(n: { commonName: string; organization?: string }): Buffer {
  const rdns = [];
  if (n.organization) rdns.push(set(sequence(oid(ORGANIZATION), utf8String(n.organization))));
  rdns.push(set(sequence(oid(COMMON_NAME), utf8String(n.commonName))));
  return sequence(...rdns);
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(oid(id), boolean(true), octetString(value)) : sequence(oid(id), octetString(value));
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  const [head = '', tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  return Buffer.from(groups.flatMap((g) => { const n = parseInt(g, 16); return [n >> 8, n & 0xff]; }));
}

function extensions(req: CertificateRequest): Buffer {
  const list: Buffer[] = [];
  // basicConstraints (critical) and keyUsage (critical).
  list.push(extension('2.5.29.19', true, req.ca ? sequence(boolean(true), integer(Buffer.from([0]))) : sequence()));
  list.push(extension('2.5.29.15', true, req.ca ? bitString(Buffer.from([0x06])) : bitString(Buffer.from([0x80]))));
  if (!req.ca) {
    // extendedKeyUsage: serverAuth.
    list.push(extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'))));
    const names = (req.altNames ?? []).map((n) => (isIP(n) ? implicit(7, ipBytes(n)) : implicit(2, Buffer.from(n, 'ascii'))));
    list.push(extension('2.5.29.17', false, sequence(...names)));
  }
  return explicit(3, sequence(...list));
}

/** The certificate in DER. */
export function buildCertificate(req: CertificateRequest): Buffer {
  const spki = req.publicKey.export({ type: 'spki', format: 'der' });
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))),
    integer(req.serial),
    ECDSA_WITH_SHA256,
    name(req.issuer),
    sequence(time(req.notBefore), time(req.notAfter)),
    name(req.subject),
    spki,
    extensions(req),
  );
  const signature = sign('sha256', tbs, req.signingKey);
  return sequence(tbs, ECDSA_WITH_SHA256, bitString(signature));
}

export function toPem(der: Buffer, label = 'CERTIFICATE'): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}
