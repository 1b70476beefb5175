// `kumo elb endpoints`: asks a running kumo where its load balancers listen (GET /_kumo/elb/endpoints) and prints
// one line per listener per node: load balancer name, zone, node address, protocol, AWS port, bound address:port.

export const ELB_HELP = `usage: kumo elb endpoints [--endpoint URL] [--json]

  --endpoint   the running kumo (default http://127.0.0.1:$KUMO_PORT, or :4566)
  --json       print GET /_kumo/elb/endpoints as it answers
`;

interface EndpointsView {
  loadBalancers: Array<{ loadBalancerArn: string; dnsName: string; nodes: Array<{ zone: string; address: string; listeners: Array<{ protocol: string; port: number; bound: string; error?: string }> }> }>;
}

/** The table `kumo elb endpoints` prints (pure, for tests). */
export function endpointLines(view: EndpointsView): string[] {
  const lines = [`${'LOAD BALANCER'.padEnd(32)} ${'ZONE'.padEnd(12)} ${'NODE'.padEnd(15)} ${'PROTOCOL'.padEnd(8)} ${'PORT'.padEnd(6)} BOUND`];
  for (const lb of view.loadBalancers) {
    // arn:…:loadbalancer/<app|net>/<name>/<id>
    const name = lb.loadBalancerArn.split('/').at(-2) ?? lb.loadBalancerArn;
    for (const n of lb.nodes) {
      for (const l of n.listeners) {
        lines.push(`${name.padEnd(32)} ${n.zone.padEnd(12)} ${n.address.padEnd(15)} ${l.protocol.padEnd(8)} ${String(l.port).padEnd(6)} ${l.bound}${l.error ? `  (not bound: ${l.error})` : ''}`);
      }
    }
  }
  return lines;
}

export async function elbCommand(args: string[]): Promise<number> {
  if (args[0] !== 'endpoints') {
    process.stderr.write(ELB_HELP);
    return 2;
  }
  const i = args.indexOf('--endpoint');
  const endpoint = i >= 0 && args[i + 1] ? args[i + 1]! : `http://127.0.0.1:${process.env['KUMO_PORT'] ?? '4566'}`;
  let res: Response;
  try {
    res = await fetch(`${endpoint}/_kumo/elb/endpoints`);
  } catch (e) {
    process.stderr.write(`kumo elb endpoints: no kumo at ${endpoint} (${e instanceof Error ? e.message : String(e)})\n`);
    return 2;
  }
  const text = await res.text();
  if (!res.ok) {
    process.stderr.write(`kumo elb endpoints: ${text}\n`);
    return 1;
  }
  if (args.includes('--json')) {
    process.stdout.write(`${text}\n`);
    return 0;
  }
  for (const line of endpointLines(JSON.parse(text) as EndpointsView)) process.stdout.write(`${line}\n`);
  return 0;
}
