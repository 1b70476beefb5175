// Route 53 test support: a test kumo with a Route 53 client, a resolver pointed at kumo's DNS port, and helpers
// for change batches.
import { Resolver } from 'node:dns/promises';
import { ChangeResourceRecordSetsCommand, CreateHostedZoneCommand, Route53Client, type Change } from '@aws-sdk/client-route-53';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';

export interface Route53Harness {
  kumo: TestKumo;
  r53: Route53Client;
  dnsPort: number;
  resolver(localAddress?: string): Resolver;
  zone(name: string): Promise<string>;
  change(zoneId: string, ...changes: Change[]): Promise<void>;
  close(): Promise<void>;
}

/** The DNS port kumo reports for the route-53.dns component in its health. */
export function dnsPortOf(kumo: TestKumo): number {
  const health = kumo.health() as { components: Record<string, { endpoints?: string[] }> };
  const endpoint = health.components['route-53.dns']?.endpoints?.[0] ?? '';
  return Number(/:(\d+)$/.exec(endpoint)?.[1]);
}

let refs = 0;

export async function startRoute53(overrides: Parameters<typeof startTestKumo>[0] = {}): Promise<Route53Harness> {
  const kumo = await startTestKumo(overrides);
  const r53 = new Route53Client(kumo.clientConfig());
  const dnsPort = dnsPortOf(kumo);
  return {
    kumo,
    r53,
    dnsPort,
    resolver(localAddress) {
      const r = new Resolver({ timeout: 2000, tries: 2 });
      r.setServers([`127.0.0.1:${dnsPort}`]);
      if (localAddress) r.setLocalAddress(localAddress);
      return r;
    },
    async zone(name) {
      const out = await r53.send(new CreateHostedZoneCommand({ Name: name, CallerReference: `ref-${++refs}-${name}` }));
      return out.HostedZone!.Id!;
    },
    async change(zoneId, ...changes) {
      await r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: changes } }));
    },
    async close() {
      r53.destroy();
      await kumo.stop();
    },
  };
}

export function a(name: string, values: string[], extra: Record<string, unknown> = {}): Change {
  return { Action: 'UPSERT', ResourceRecordSet: { Name: name, Type: 'A', TTL: 60, ResourceRecords: values.map((Value) => ({ Value })), ...extra } };
}
