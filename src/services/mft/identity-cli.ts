// `kumo mft identity`: sets or removes the IAM identity an MFT node inside a running kumo acts as in S3 (HULFT's
// `utls3infoadd -t auth` registers the same Storage Authentication Information), through kumo's MFT API, SigV4-signed.
import { canonicalHeaders, canonicalUri } from '../../auth/canonical.js';
import { credentialScope, sha256Hex, signingKey, stringToSign, toAmzDate } from '../../auth/sigv4.js';
import { createHmac } from 'node:crypto';

export const IDENTITY_HELP = `usage: kumo mft identity NODE [--access-key KEY --secret-access-key SECRET [--session-token TOKEN]]
                         [--switch-role-arn ARN --external-id ID --role-session-name NAME] [--delete] [--endpoint URL]

  Sets (or with --delete removes) the IAM identity node NODE acts as for s3:// file names under --enforce-iam.
  The call is signed with AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (default test/test).
  --endpoint   the running kumo (default http://127.0.0.1:$KUMO_PORT, or :4566)
`;

const FLAGS: Record<string, string> = {
  '--access-key': 'AccessKey', '--secret-access-key': 'SecretAccessKey', '--session-token': 'SessionToken',
  '--switch-role-arn': 'SwitchRoleArn', '--external-id': 'ExternalId', '--role-session-name': 'RoleSessionName',
};

/** A SigV4-signed request to kumo's MFT API (signing name mft, us-east-1). */
async function signedFetch(endpoint: string, method: string, path: string, body: string, env: NodeJS.ProcessEnv): Promise<Response> {
  const url = new URL(path, endpoint);
  const accessKey = env.AWS_ACCESS_KEY_ID ?? 'test';
  const secret = env.AWS_SECRET_ACCESS_KEY ?? 'test';
  const amzDate = toAmzDate(new Date());
  const date = amzDate.slice(0, 8);
  const headers: Record<string, string> = { host: url.host, 'x-amz-date': amzDate, 'content-type': 'application/json' };
  if (env.AWS_SESSION_TOKEN) headers['x-amz-security-token'] = env.AWS_SESSION_TOKEN;
  const signed = Object.keys(headers).sort();
  const canonical = [method, canonicalUri(url.pathname, false), '', canonicalHeaders(headers, signed), signed.join(';'), sha256Hex(body)].join('\n');
  const scope = credentialScope({ date, region: 'us-east-1', service: 'mft' });
  const signature = createHmac('sha256', signingKey(secret, date, 'us-east-1', 'mft')).update(stringToSign(amzDate, scope, canonical)).digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${accessKey}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${signature}`;
  return fetch(url, { method, headers, ...(body ? { body } : {}) });
}

/** Exit codes as the other MFT commands: 0 ok, 10 usage, 13 no kumo, 20 refused (validation, unknown node). */
export async function identityCommand(args: string[], io: { out(l: string): void; err(l: string): void; env: NodeJS.ProcessEnv }): Promise<number> {
  const node = args[0];
  if (!node || node.startsWith('-')) {
    io.err(IDENTITY_HELP);
    return 10;
  }
  const fields: Record<string, string> = {};
  let remove = false;
  let endpoint = `http://127.0.0.1:${io.env.KUMO_PORT ?? '4566'}`;
  for (let i = 1; i < args.length; i++) {
    const flag = args[i]!;
    if (flag === '--delete') remove = true;
    else if ((flag === '--endpoint' || FLAGS[flag]) && args[i + 1] !== undefined) {
      if (flag === '--endpoint') endpoint = args[++i]!;
      else fields[FLAGS[flag]!] = args[++i]!;
    } else {
      io.err(`unknown or incomplete option ${flag}\n${IDENTITY_HELP}`);
      return 10;
    }
  }
  const path = `/mft/nodes/${encodeURIComponent(node)}/identity`;
  let res: Response;
  try {
    res = await signedFetch(endpoint, remove ? 'DELETE' : 'PUT', path, remove ? '' : JSON.stringify(fields), io.env);
  } catch (e) {
    io.err(`no kumo at ${endpoint} (${e instanceof Error ? e.message : String(e)})`);
    return 13;
  }
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) {
    io.err(`${String(json.__type ?? json.code ?? res.status)}: ${String(json.message ?? json.Message ?? '')}`);
    return 20;
  }
  io.out(JSON.stringify(json.S3Identity ?? {}));
  return 0;
}
