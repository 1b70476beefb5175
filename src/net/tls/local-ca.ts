// kumo's local certificate authority: one CA per data directory (persisted under <data-dir>/ca/, in memory for
// --in-memory), served at GET /_kumo/ca.pem so clients can trust it, minting leaf certificates on demand for the
// names a TLS listener answers (CloudFront's *.cloudfront.net and aliases, ELB's DNS names).
import { X509Certificate, createPrivateKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSecureContext, type SecureContext } from 'node:tls';
import { buildCertificate, toPem } from './certificates.js';

const CA_NAME = { commonName: 'kumo local CA', organization: 'kumo' };
const DAY = 24 * 3600 * 1000;
/** Leaf lifetime: 397 days, under the 398 days browsers accept. Certificates use wall time: TLS clients check
 *  validity against their own clocks, not kumo's runtime clock. */
const LEAF_DAYS = 397;

export interface LeafCertificate {
  /** PEM certificate chain (leaf, then the CA) and the leaf's PEM private key. */
  cert: string;
  key: string;
}

export class LocalCa {
  private readonly leaves = new Map<string, LeafCertificate>();
  private readonly contexts = new Map<string, SecureContext>();

  private constructor(
    /** The CA certificate in PEM: what clients add to their trust store (curl --cacert, NODE_EXTRA_CA_CERTS). */
    readonly certPem: string,
    private readonly key: KeyObject,
  ) {}

  /** Loads the CA from `dir` (ca.pem, ca-key.pem), creating it on first use; undefined = a CA held in memory. */
  static open(dir: string | undefined): LocalCa {
    if (dir && existsSync(join(dir, 'ca.pem')) && existsSync(join(dir, 'ca-key.pem'))) {
      const cert = readFileSync(join(dir, 'ca.pem'), 'utf8');
      // An expired CA is replaced rather than served.
      if (new Date(new X509Certificate(cert).validTo).getTime() > Date.now() + 30 * DAY) {
        return new LocalCa(cert, createPrivateKey(readFileSync(join(dir, 'ca-key.pem'), 'utf8')));
      }
    }
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const now = Date.now();
    const der = buildCertificate({ subject: CA_NAME, issuer: CA_NAME, publicKey, signingKey: privateKey, serial: randomBytes(16), notBefore: new Date(now - DAY), notAfter: new Date(now + 3650 * DAY), ca: true });
    const ca = new LocalCa(toPem(der), privateKey);
    if (dir) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'ca-key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
      chmodSync(join(dir, 'ca-key.pem'), 0o600);
      writeFileSync(join(dir, 'ca.pem'), ca.certPem);
    }
    return ca;
  }

  /** A leaf certificate for these DNS names / IP addresses (the first is the subject's CN), cached per name set. */
  leaf(names: readonly string[]): LeafCertificate {
    const key = [...names].map((n) => n.toLowerCase()).sort().join(',');
    const cached = this.leaves.get(key);
    if (cached) return cached;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const now = Date.now();
    const der = buildCertificate({
      subject: { commonName: names[0] ?? 'kumo' },
      issuer: CA_NAME,
      publicKey,
      signingKey: this.key,
      serial: randomBytes(16),
      notBefore: new Date(now - DAY),
      notAfter: new Date(now + LEAF_DAYS * DAY),
      ca: false,
      altNames: names,
    });
    const leaf = { cert: toPem(der) + this.certPem, key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
    this.leaves.set(key, leaf);
    return leaf;
  }

  /** A TLS secure context presenting a leaf for these names (for an SNICallback). */
  secureContext(names: readonly string[]): SecureContext {
    const key = [...names].map((n) => n.toLowerCase()).sort().join(',');
    let ctx = this.contexts.get(key);
    if (!ctx) {
      ctx = createSecureContext(this.leaf(names));
      this.contexts.set(key, ctx);
    }
    return ctx;
  }
}

const cas = new Map<string, LocalCa>();

/** The CA of a kumo configuration: persisted in <dataDir>/ca, or one per process for in-memory kumos. */
export function localCa(config: { inMemory: boolean; dataDir: string }): LocalCa {
  const key = config.inMemory ? ':memory:' : config.dataDir;
  let ca = cas.get(key);
  if (!ca) {
    ca = LocalCa.open(config.inMemory ? undefined : join(config.dataDir, 'ca'));
    cas.set(key, ca);
  }
  return ca;
}
