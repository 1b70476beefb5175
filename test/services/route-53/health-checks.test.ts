// Health checks that really probe: loopback HTTP servers behind failover records; stopping the primary flips the
// DNS answer after FailureThreshold probes on the runtime clock, restarting it flips it back. Plus the API rules.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import {
  CreateHealthCheckCommand,
  DeleteHealthCheckCommand,
  GetHealthCheckCommand,
  GetHealthCheckStatusCommand,
  GetHealthCheckLastFailureReasonCommand,
  UpdateHealthCheckCommand,
  ListHealthChecksCommand,
  type HealthCheckConfig,
} from '@aws-sdk/client-route-53';
import { assertAwsError } from '../../support/aws-error.js';
import { a, startRoute53, type Route53Harness } from './route53-support.js';

let h: Route53Harness;
before(async () => {
  h = await startRoute53();
});
after(() => h.close());

async function listen(server: Server, port = 0): Promise<number> {
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return (server.address() as { port: number }).port;
}

const ok = () => createServer((_req, res) => res.end('ok'));

let refs = 0;
async function healthCheck(config: HealthCheckConfig): Promise<string> {
  const out = await h.r53.send(new CreateHealthCheckCommand({ CallerReference: `hc-${++refs}`, HealthCheckConfig: config }));
  return out.HealthCheck!.Id!;
}

test('Failover flips to the SECONDARY when the primary stops answering, and back when it returns', async () => {
  let primary = ok();
  const secondary = ok();
  const primaryPort = await listen(primary);
  const secondaryPort = await listen(secondary);
  const config = (port: number): HealthCheckConfig => ({ Type: 'HTTP', IPAddress: '127.0.0.1', Port: port, ResourcePath: '/health', RequestInterval: 10, FailureThreshold: 2 });
  const hcPrimary = await healthCheck(config(primaryPort));
  const hcSecondary = await healthCheck(config(secondaryPort));
  const zone = await h.zone('failover.example.com');
  await h.change(
    zone,
    a('app.failover.example.com', ['192.0.2.1'], { SetIdentifier: 'primary', Failover: 'PRIMARY', HealthCheckId: hcPrimary }),
    a('app.failover.example.com', ['192.0.2.2'], { SetIdentifier: 'secondary', Failover: 'SECONDARY', HealthCheckId: hcSecondary }),
  );
  assert.deepEqual(await h.resolver().resolve4('app.failover.example.com'), ['192.0.2.1']);

  await new Promise<void>((r) => primary.close(() => r()));
  await h.kumo.advance(10);
  assert.deepEqual(await h.resolver().resolve4('app.failover.example.com'), ['192.0.2.1'], 'one failure is below FailureThreshold 2');
  await h.kumo.advance(10);
  assert.deepEqual(await h.resolver().resolve4('app.failover.example.com'), ['192.0.2.2']);
  const status = await h.r53.send(new GetHealthCheckStatusCommand({ HealthCheckId: hcPrimary }));
  assert.match(status.HealthCheckObservations![0]!.StatusReport!.Status!, /^Failure: /);
  const reason = await h.r53.send(new GetHealthCheckLastFailureReasonCommand({ HealthCheckId: hcPrimary }));
  assert.match(reason.HealthCheckObservations![0]!.StatusReport!.Status!, /refused/);

  primary = ok();
  await listen(primary, primaryPort);
  await h.kumo.advance(10);
  await h.kumo.advance(10);
  assert.deepEqual(await h.resolver().resolve4('app.failover.example.com'), ['192.0.2.1']);
  primary.close();
  secondary.close();
});

test('Inverted and Disabled change what the status means for DNS', async () => {
  const server = ok();
  const port = await listen(server);
  const inverted = await healthCheck({ Type: 'TCP', IPAddress: '127.0.0.1', Port: port, RequestInterval: 10, FailureThreshold: 1, Inverted: true });
  const zone = await h.zone('inverted.example.com');
  await h.change(
    zone,
    a('w.inverted.example.com', ['192.0.2.1'], { SetIdentifier: 'one', Weight: 1, HealthCheckId: inverted }),
    a('w.inverted.example.com', ['192.0.2.2'], { SetIdentifier: 'two', Weight: 0 }),
  );
  await h.kumo.advance(10);
  assert.deepEqual(await h.resolver().resolve4('w.inverted.example.com'), ['192.0.2.2'], 'a reachable endpoint is unhealthy when inverted');
  await h.r53.send(new UpdateHealthCheckCommand({ HealthCheckId: inverted, Disabled: true }));
  assert.deepEqual(await h.resolver().resolve4('w.inverted.example.com'), ['192.0.2.1'], 'a disabled check is healthy');
  server.close();
});

test('CreateHealthCheck is idempotent per CallerReference and fills in Route 53 defaults', async () => {
  const config: HealthCheckConfig = { Type: 'HTTP', IPAddress: '127.0.0.1', Port: 9 };
  const first = await h.r53.send(new CreateHealthCheckCommand({ CallerReference: 'same-ref', HealthCheckConfig: config }));
  assert.equal(first.$metadata.httpStatusCode, 201);
  assert.equal(first.HealthCheck!.HealthCheckVersion, 1);
  assert.equal(first.HealthCheck!.HealthCheckConfig!.RequestInterval, 30);
  assert.equal(first.HealthCheck!.HealthCheckConfig!.FailureThreshold, 3);
  const again = await h.r53.send(new CreateHealthCheckCommand({ CallerReference: 'same-ref', HealthCheckConfig: config }));
  assert.equal(again.HealthCheck!.Id, first.HealthCheck!.Id);
  await assertAwsError(h.r53.send(new CreateHealthCheckCommand({ CallerReference: 'same-ref', HealthCheckConfig: { ...config, Port: 10 } })), { code: 'HealthCheckAlreadyExists', status: 409 });
});

test('UpdateHealthCheck checks HealthCheckVersion; DeleteHealthCheck refuses a check in use', async () => {
  const id = await healthCheck({ Type: 'TCP', IPAddress: '127.0.0.1', Port: 9 });
  const updated = await h.r53.send(new UpdateHealthCheckCommand({ HealthCheckId: id, HealthCheckVersion: 1, Port: 10 }));
  assert.equal(updated.HealthCheck!.HealthCheckVersion, 2);
  assert.equal(updated.HealthCheck!.HealthCheckConfig!.Port, 10);
  await assertAwsError(h.r53.send(new UpdateHealthCheckCommand({ HealthCheckId: id, HealthCheckVersion: 1, Port: 11 })), { code: 'HealthCheckVersionMismatch', status: 409 });
  const zone = await h.zone('inuse.example.com');
  await h.change(zone, a('x.inuse.example.com', ['192.0.2.1'], { SetIdentifier: 'x', Weight: 1, HealthCheckId: id }));
  await assertAwsError(h.r53.send(new DeleteHealthCheckCommand({ HealthCheckId: id })), { code: 'HealthCheckInUse', status: 400 });
  await h.change(zone, { ...a('x.inuse.example.com', ['192.0.2.1'], { SetIdentifier: 'x', Weight: 1, HealthCheckId: id }), Action: 'DELETE' });
  await h.r53.send(new DeleteHealthCheckCommand({ HealthCheckId: id }));
  await assertAwsError(h.r53.send(new GetHealthCheckCommand({ HealthCheckId: id })), { code: 'NoSuchHealthCheck', status: 404 });
  const list = await h.r53.send(new ListHealthChecksCommand({}));
  assert.ok(!list.HealthChecks!.some((c) => c.Id === id));
});

test('A CALCULATED check is healthy while at least HealthThreshold children are', async () => {
  const server = ok();
  const port = await listen(server);
  const up = await healthCheck({ Type: 'TCP', IPAddress: '127.0.0.1', Port: port, RequestInterval: 10, FailureThreshold: 1 });
  const down = await healthCheck({ Type: 'TCP', IPAddress: '127.0.0.1', Port: 1, RequestInterval: 10, FailureThreshold: 1 });
  const calc = await healthCheck({ Type: 'CALCULATED', ChildHealthChecks: [up, down], HealthThreshold: 2 });
  const zone = await h.zone('calc.example.com');
  await h.change(
    zone,
    a('c.calc.example.com', ['192.0.2.1'], { SetIdentifier: 'p', Failover: 'PRIMARY', HealthCheckId: calc }),
    a('c.calc.example.com', ['192.0.2.2'], { SetIdentifier: 's', Failover: 'SECONDARY' }),
  );
  await h.kumo.advance(10);
  assert.deepEqual(await h.resolver().resolve4('c.calc.example.com'), ['192.0.2.2'], 'one of two children is below HealthThreshold 2');
  await h.r53.send(new UpdateHealthCheckCommand({ HealthCheckId: calc, HealthThreshold: 1 }));
  assert.deepEqual(await h.resolver().resolve4('c.calc.example.com'), ['192.0.2.1']);
  server.close();
});
