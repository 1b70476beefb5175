// Route 53 under kill -9: zones, record sets and health checks committed before their answers come back after a
// restart on the same data directory, and the DNS server answers from them again without any API call.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resolver } from 'node:dns/promises';
import { createServer } from 'node:net';
import { ChangeResourceRecordSetsCommand, CreateHealthCheckCommand, CreateHostedZoneCommand, GetHealthCheckCommand, GetHealthCheckStatusCommand, Route53Client } from '@aws-sdk/client-route-53';
import { spawnKumo, type SpawnedKumo } from '../../support/spawn-kumo.js';

const dataDir = mkdtempSync(join(tmpdir(), 'kumo-r53-durable-'));
const healthDir = mkdtempSync(join(tmpdir(), 'kumo-r53-health-'));
const running: SpawnedKumo[] = [];
after(async () => {
  for (const k of running) await k.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(healthDir, { recursive: true, force: true });
});

async function start(dir = dataDir): Promise<{ kumo: SpawnedKumo; r53: Route53Client; dns: Resolver }> {
  const kumo = await spawnKumo(['--data-dir', dir], { KUMO_DNS_PORT: '0' });
  running.push(kumo);
  let port = 0;
  for (let i = 0; i < 100 && !port; i++) {
    const health = (await (await fetch(`${kumo.url}/_kumo/health`)).json()) as { components: Record<string, { state?: string; endpoints?: string[] }> };
    const dns = health.components['route-53.dns'];
    if (dns?.state === 'running') port = Number(/:(\d+)$/.exec(dns.endpoints?.[0] ?? '')?.[1]);
    else await new Promise((r) => setTimeout(r, 50));
  }
  const dns = new Resolver({ timeout: 2000, tries: 2 });
  dns.setServers([`127.0.0.1:${port}`]);
  const r53 = new Route53Client({ endpoint: kumo.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  return { kumo, r53, dns };
}

test('hosted zones, records and health checks survive kill -9, and DNS answers them after the restart', async () => {
  const first = await start();
  const zone = await first.r53.send(new CreateHostedZoneCommand({ Name: 'durable.example.com', CallerReference: 'durable' }));
  await first.r53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: zone.HostedZone!.Id!,
      ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: { Name: 'www.durable.example.com', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.77' }] } }] },
    }),
  );
  const hc = await first.r53.send(new CreateHealthCheckCommand({ CallerReference: 'durable-hc', HealthCheckConfig: { Type: 'TCP', IPAddress: '127.0.0.1', Port: 9 } }));
  assert.deepEqual(await first.dns.resolve4('www.durable.example.com'), ['192.0.2.77']);
  first.r53.destroy();
  await first.kumo.stop('SIGKILL');

  const second = await start();
  assert.deepEqual(await second.dns.resolve4('www.durable.example.com'), ['192.0.2.77']);
  const got = await second.r53.send(new GetHealthCheckCommand({ HealthCheckId: hc.HealthCheck!.Id! }));
  assert.equal(got.HealthCheck!.CallerReference, 'durable-hc');
  second.r53.destroy();
});

/** A loopback port nothing listens on (bound, noted, closed). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

test('a health check found unhealthy stays unhealthy after kill -9, so failover answers do not flap back', async () => {
  const port = await closedPort();
  const first = await start(healthDir);
  const zone = await first.r53.send(new CreateHostedZoneCommand({ Name: 'hcstate.example.com', CallerReference: 'hcstate' }));
  const hc = await first.r53.send(new CreateHealthCheckCommand({ CallerReference: 'hcstate-hc', HealthCheckConfig: { Type: 'TCP', IPAddress: '127.0.0.1', Port: port, RequestInterval: 10, FailureThreshold: 1 } }));
  const id = hc.HealthCheck!.Id!;
  const record = (value: string, role: 'PRIMARY' | 'SECONDARY', healthCheck?: string) => ({
    Action: 'CREATE' as const,
    ResourceRecordSet: { Name: 'app.hcstate.example.com', Type: 'A' as const, TTL: 60, SetIdentifier: role, Failover: role, ResourceRecords: [{ Value: value }], ...(healthCheck ? { HealthCheckId: healthCheck } : {}) },
  });
  await first.r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone.HostedZone!.Id!, ChangeBatch: { Changes: [record('192.0.2.1', 'PRIMARY', id), record('192.0.2.2', 'SECONDARY')] } }));
  await fetch(`${first.kumo.url}/_kumo/clock/advance`, { method: 'POST', body: JSON.stringify({ seconds: 10 }) });
  assert.deepEqual(await first.dns.resolve4('app.hcstate.example.com'), ['192.0.2.2']);
  first.r53.destroy();
  await first.kumo.stop('SIGKILL');

  const second = await start(healthDir);
  assert.deepEqual(await second.dns.resolve4('app.hcstate.example.com'), ['192.0.2.2']);
  const status = await second.r53.send(new GetHealthCheckStatusCommand({ HealthCheckId: id }));
  assert.match(status.HealthCheckObservations![0]!.StatusReport!.Status!, /^Failure: /);
  second.r53.destroy();
});
