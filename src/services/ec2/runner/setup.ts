// Builds the instance runner from the runtime's parts: working directories under the data dir (a temporary one for
// --in-memory), the IMDS port, kumo's URL for AWS_ENDPOINT_URL, and role credentials through IAM in process.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceDeps } from '../../service-definition.js';
import type { Ec2Context } from '../context.js';
import { InstanceRunner } from './instance-runner.js';
import { roleCredentialSource } from './role-credentials.js';

export function createRunner(ec2: Ec2Context, deps: ServiceDeps): InstanceRunner {
  const { config, endpoints } = deps;
  let baseDir: string;
  if (config.inMemory) baseDir = mkdtempSync(join(tmpdir(), 'kumo-instances-'));
  else mkdirSync((baseDir = join(config.dataDir, 'instances')), { recursive: true, mode: 0o700 });
  // One metadata service per instance address at a fixed port (169.254.169.254:80 in AWS; 80 + the low-port offset
  // here); where every instance shares 127.0.0.1 (not Linux), each takes a free port instead.
  const imdsPort = endpoints.manyLoopbackAddresses ? (config.imdsPort ?? endpoints.portFor(80)) : 0;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return new InstanceRunner({
    ec2, endpoints, tasks: deps.tasks, logger: deps.logger, baseDir, imdsPort, removeBaseDirOnStop: config.inMemory,
    kumoUrl: config.port !== 0 ? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${config.port}` : undefined,
    credentials: roleCredentialSource(deps.internal, () => deps.clock.now()),
  });
}
