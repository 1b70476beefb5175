// GET /_kumo/ec2/reachability?from=…&to=…&port=…[&protocol=tcp&account=…&region=…]: EC2's reachability verdict as
// JSON (reachable, the hops, the first blocking component with its rule), for checking a design without the SDK;
// GET /_kumo/ec2/instances: the instance processes (id, pid, bind address, log path) with --run-instances, and the
// public IPs exposed on host loopback (`exposed`: instance, public IP, host address, ports);
// GET /_kumo/ec2/exec?target=i-…: the argv prefix that enters an instance's namespace (`kumo ec2 exec` runs it).
import { isAwsError } from '../../core/aws-error.js';
import type { PipelineContext } from '../pipeline-context.js';
import type { RuntimeControl } from './internal-routes.js';

interface Ec2Internal {
  runsInstances: boolean;
  processes(): unknown[];
  exposed?(): unknown[];
  reach(scope: { account: string; region: string }, q: { from: string; to: string; protocol: string; port: number }): unknown;
  vpcDataPlane(): { mode: string; reason: string };
  execCommand(target: string): string[] | undefined;
}

function json(status: number, body: unknown): PipelineContext['response'] {
  return { status, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(body)) };
}

export async function ec2Reachability(control: RuntimeControl, query: URLSearchParams): Promise<PipelineContext['response']> {
  const from = query.get('from');
  const to = query.get('to');
  const port = Number(query.get('port') ?? '');
  if (!from || !to || !Number.isInteger(port)) return json(400, { error: 'give from, to and port: /_kumo/ec2/reachability?from=i-…&to=i-…&port=443[&protocol=tcp&account=…&region=…]' });
  const ec2 = (await control.serviceInternal('ec2')) as Ec2Internal | undefined;
  if (!ec2) return json(404, { error: 'the ec2 service is disabled' });
  const scope = { account: query.get('account') ?? '000000000000', region: query.get('region') ?? 'us-east-1' };
  try {
    return json(200, ec2.reach(scope, { from, to, protocol: query.get('protocol') ?? 'tcp', port }));
  } catch (e) {
    if (isAwsError(e)) return json(e.status, { error: e.code, message: e.message });
    throw e;
  }
}

export async function ec2Instances(control: RuntimeControl): Promise<PipelineContext['response']> {
  const ec2 = (await control.serviceInternal('ec2')) as Ec2Internal | undefined;
  if (!ec2) return json(404, { error: 'the ec2 service is disabled' });
  return json(200, { runInstances: ec2.runsInstances, instances: ec2.processes(), exposed: ec2.exposed?.() ?? [] });
}

export async function ec2Exec(control: RuntimeControl, query: URLSearchParams): Promise<PipelineContext['response']> {
  const target = query.get('target') ?? '';
  const ec2 = (await control.serviceInternal('ec2')) as Ec2Internal | undefined;
  if (!ec2) return json(404, { error: 'the ec2 service is disabled' });
  const plane = ec2.vpcDataPlane?.();
  if (!plane || plane.mode !== 'namespaces') return json(409, { error: `instances have no namespaces here (vpc_data_plane ${plane?.mode ?? 'loopback'}: ${plane?.reason ?? 'instances do not run'})` });
  const argv = ec2.execCommand(target);
  if (!argv) return json(404, { error: `no running instance ${target} in the VPC world (give an instance id or "internet")` });
  return json(200, { target, argv });
}
