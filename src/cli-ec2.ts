// `kumo ec2 reach <from> <to> <proto/port>`: asks a running kumo for EC2's reachability verdict and prints the path,
// one hop a line, then the verdict (exit 0 reachable, 1 blocked, 2 bad usage or no server); `kumo ec2 exec` runs a
// command inside an instance's network namespace (the VPC data plane), like SSM Run Command.
import { spawn } from 'node:child_process';

export const EC2_HELP = `usage: kumo ec2 reach <from> <to> <protocol/port> [--endpoint URL] [--account N] [--region R]
       kumo ec2 ps [--endpoint URL]      instances running as processes (--run-instances)
       kumo ec2 exec <instance-id|internet> [--endpoint URL] -- <command> [args…]
                                         runs a command in the instance's namespace (vpc_data_plane namespaces)
       kumo ec2 address [<instance-id>] [--endpoint URL]
                                         the host loopback address and ports of each public IP (namespaces only)

  from, to     an instance, ENI or internet gateway id, or an IPv4 address
  protocol     tcp or udp, e.g. tcp/443
  --endpoint   the running kumo (default http://127.0.0.1:$KUMO_PORT, or :4566)
  --region     default $AWS_REGION, $AWS_DEFAULT_REGION or us-east-1
`;

interface Hop {
  direction: string;
  component: string;
  id: string;
  verdict: string;
  rule?: string;
  detail: string;
}
interface Verdict {
  reachable: boolean;
  hops: Hop[];
  blocking?: Hop & { explanationCode: string };
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

interface ProcessRow {
  instanceId: string;
  state?: string;
  pid?: number;
  bindAddress: string;
  logPath: string;
}

async function ps(endpoint: string): Promise<number> {
  let body: { runInstances: boolean; instances: ProcessRow[] };
  try {
    body = (await (await fetch(`${endpoint}/_kumo/ec2/instances`)).json()) as typeof body;
  } catch (e) {
    process.stderr.write(`kumo ec2 ps: no kumo at ${endpoint} (${e instanceof Error ? e.message : String(e)})\n`);
    return 2;
  }
  if (!body.runInstances) process.stderr.write('kumo ec2 ps: instances do not run in this kumo (start it with --run-instances)\n');
  process.stdout.write(`${'INSTANCE'.padEnd(21)} ${'STATE'.padEnd(13)} ${'PID'.padEnd(8)} ${'ADDRESS'.padEnd(15)} LOG\n`);
  for (const r of body.instances) {
    process.stdout.write(`${r.instanceId.padEnd(21)} ${(r.state ?? '-').padEnd(13)} ${String(r.pid ?? '-').padEnd(8)} ${r.bindAddress.padEnd(15)} ${r.logPath}\n`);
  }
  return 0;
}

interface ExposedRow {
  instanceId: string;
  publicIp: string;
  hostAddress: string;
  ports: number[];
  hostPorts?: number[];
}

/**
 * Prints `<instance> <public ip> <host address> <ports>` per exposed public IP, each port as `<port>` or, where the
 * host listens elsewhere (below 1024: port + KUMO_LOW_PORT_OFFSET), `<port>:<host port>`; exit 1 when the instance has none. */
async function address(args: string[]): Promise<number> {
  const instanceId = args[1]?.startsWith('i-') ? args[1] : undefined;
  const endpoint = option(args, '--endpoint') ?? `http://127.0.0.1:${process.env['KUMO_PORT'] ?? '4566'}`;
  let rows: ExposedRow[];
  try {
    rows = ((await (await fetch(`${endpoint}/_kumo/ec2/instances`)).json()) as { exposed?: ExposedRow[] }).exposed ?? [];
  } catch (e) {
    process.stderr.write(`kumo ec2 address: no kumo at ${endpoint} (${e instanceof Error ? e.message : String(e)})\n`);
    return 2;
  }
  rows = rows.filter((r) => instanceId === undefined || r.instanceId === instanceId);
  for (const r of rows) process.stdout.write(`${r.instanceId} ${r.publicIp} ${r.hostAddress} ${r.ports.map((p, i) => (r.hostPorts?.[i] ?? p) === p ? String(p) : `${p}:${r.hostPorts![i]}`).join(',') || '-'}\n`);
  if (instanceId && rows.length === 0) process.stderr.write(`kumo ec2 address: ${instanceId} has no public IP exposed on the host (none, or vpc_data_plane is loopback)\n`);
  return instanceId && rows.length === 0 ? 1 : 0;
}

async function exec(args: string[]): Promise<number> {
  const dash = args.indexOf('--');
  const head = dash >= 0 ? args.slice(0, dash) : args;
  const command = dash >= 0 ? args.slice(dash + 1) : [];
  const target = head[1];
  if (!target || command.length === 0) {
    process.stderr.write(EC2_HELP);
    return 2;
  }
  const endpoint = option(head, '--endpoint') ?? `http://127.0.0.1:${process.env['KUMO_PORT'] ?? '4566'}`;
  let body: { argv?: string[]; error?: string };
  try {
    body = (await (await fetch(`${endpoint}/_kumo/ec2/exec?target=${encodeURIComponent(target)}`)).json()) as typeof body;
  } catch (e) {
    process.stderr.write(`kumo ec2 exec: no kumo at ${endpoint} (${e instanceof Error ? e.message : String(e)})\n`);
    return 2;
  }
  if (!body.argv) {
    process.stderr.write(`kumo ec2 exec: ${body.error ?? 'refused'}\n`);
    return 2;
  }
  const argv = [...body.argv, ...command];
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: 'inherit' });
    child.on('error', (e) => {
      process.stderr.write(`kumo ec2 exec: ${e.message}\n`);
      resolve(127);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

export async function ec2Command(args: string[]): Promise<number> {
  const [sub, from, to, protoPort] = args;
  if (sub === 'exec') return exec(args);
  if (sub === 'address') return address(args);
  if (sub === 'ps') return ps(option(args, '--endpoint') ?? `http://127.0.0.1:${process.env['KUMO_PORT'] ?? '4566'}`);
  if (sub !== 'reach' || !from || !to || !protoPort || !/^(tcp|udp)\/\d{1,5}$/i.test(protoPort)) {
    process.stderr.write(EC2_HELP);
    return 2;
  }
  const [protocol, port] = protoPort.split('/') as [string, string];
  const endpoint = option(args, '--endpoint') ?? `http://127.0.0.1:${process.env['KUMO_PORT'] ?? '4566'}`;
  const region = option(args, '--region') ?? process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1';
  const account = option(args, '--account') ?? process.env['KUMO_ACCOUNT'] ?? '000000000000';
  const query = new URLSearchParams({ from, to, protocol: protocol.toLowerCase(), port, region, account });
  let res: Response;
  try {
    res = await fetch(`${endpoint}/_kumo/ec2/reachability?${query.toString()}`);
  } catch (e) {
    process.stderr.write(`kumo ec2 reach: no kumo at ${endpoint} (${e instanceof Error ? e.message : String(e)})\n`);
    return 2;
  }
  const body = (await res.json()) as Verdict & { error?: string; message?: string };
  if (res.status !== 200) {
    process.stderr.write(`kumo ec2 reach: ${body.error ?? res.status}${body.message ? `: ${body.message}` : ''}\n`);
    return 2;
  }
  for (const hop of body.hops) process.stdout.write(`${hop.verdict === 'allow' ? '  ok ' : '  NO '} ${hop.direction.padEnd(7)} ${hop.detail}\n`);
  if (body.reachable) process.stdout.write(`reachable: ${from} → ${to} on ${protoPort}\n`);
  else process.stdout.write(`NOT reachable: blocked by ${body.blocking!.component} ${body.blocking!.id}${body.blocking!.rule ? ` rule ${body.blocking!.rule}` : ''} (${body.blocking!.explanationCode})\n`);
  return body.reachable ? 0 : 1;
}
