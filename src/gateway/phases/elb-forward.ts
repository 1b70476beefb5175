// Without kumo's DNS, HTTP whose Host is a load balancer's DNSName (or LocalStack's
// `<name>.elb.localhost.localstack.cloud`) reaches the gateway: it is forwarded to that load balancer's listener on
// the Host's port, else its lowest HTTP listener, and the answer streams back (issue 20, "Discovery").
import http from 'node:http';
import type { WireResponse } from '../../protocol/codec.js';
import type { PipelineContext } from '../pipeline-context.js';
import type { RuntimeControl } from './internal-routes.js';

interface ElbInternal {
  findListener(host: string, port: number | undefined): { address: string; port: number } | undefined;
}

/** Names shaped like a load balancer's: `….elb.amazonaws.com`, `….elb.<region>.amazonaws.com`, or LocalStack's. */
export function looksLikeLoadBalancer(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  const name = hostHeader.replace(/:\d+$/, '').toLowerCase();
  return /\.elb\.amazonaws\.com$/.test(name) || /\.elb\.[a-z0-9-]+\.amazonaws\.com$/.test(name) || /\.elb\.localhost\.localstack\.cloud$/.test(name);
}

const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'te', 'trailer']);

export async function forwardToLoadBalancer(control: RuntimeControl, ctx: PipelineContext): Promise<WireResponse | undefined> {
  const hostHeader = ctx.raw.headers['host'] ?? '';
  const elb = (await control.serviceInternal('elastic-load-balancing-v2')) as ElbInternal | undefined;
  const m = /^(.*?)(?::(\d+))?$/.exec(hostHeader)!;
  const port = m[2] === undefined ? undefined : Number(m[2]);
  let target = elb?.findListener(m[1]!, port);
  if (!target) {
    const clb = (await control.serviceInternal('elastic-load-balancing')) as ElbInternal | undefined;
    target = clb?.findListener(m[1]!, port);
  }
  if (!target) return undefined;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(ctx.raw.headers)) if (!HOP.has(k)) headers[k] = v;
  return new Promise((resolve) => {
    const req = http.request({ host: target.address, port: target.port, method: ctx.raw.method, path: ctx.raw.url, headers, agent: false }, (res) => {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && !HOP.has(k)) out[k] = Array.isArray(v) ? v.join(', ') : v;
      resolve({ status: res.statusCode ?? 502, headers: out, body: res });
    });
    req.on('error', () => resolve({ status: 502, headers: { server: 'awselb/2.0', 'content-type': 'text/plain' }, body: Buffer.from('load balancer listener unreachable\n') }));
    const body = ctx.raw.body;
    if (Buffer.isBuffer(body)) req.end(body);
    else body.pipe(req);
  });
}
