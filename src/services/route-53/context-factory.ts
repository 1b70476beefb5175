// Builds Route 53 from the runtime's dependencies: migrates its tables, starts nothing until the runtime starts
// the components (the DNS server in its worker, then the health checker loading every stored check).
import type { ServiceDeps, ServiceInstance } from '../service-definition.js';
import { DnsHost } from '../../net/dns/dns-host.js';
import { parseUpstream } from '../../net/dns/upstream.js';
import type { DnsRecordSet, DnsZone } from '../../net/dns/records.js';
import { HealthChecker, type AlarmLookup, type HealthCheckConfig, type ProbeMemory, type SavedProbe } from './checker.js';
import type { DnsPublisher, Route53Context } from './context.js';
import { ROUTE53_COMPONENT, ROUTE53_MIGRATIONS, ROUTE53_TABLES } from './migrations.js';
import { ROUTE53_OPERATIONS } from './operations.js';
import { Route53Store } from './store.js';
import { CidrStore } from './cidr-store.js';
import { dnsZoneOf } from './zone-operations.js';
import { ServiceNameRegistry, type Route53Internal } from '../../net/dns/service-names.js';
import { s3WebsiteNameSource } from '../../net/dns/s3-website-names.js';

export function createRoute53(deps: ServiceDeps): ServiceInstance<Route53Context> {
  deps.store.migrate(ROUTE53_COMPONENT, ROUTE53_MIGRATIONS);
  deps.store.registerTables(ROUTE53_COMPONENT, ROUTE53_TABLES);
  const store = new Route53Store(deps.store);
  const cidr = new CidrStore(deps.store);
  const port = deps.config.dnsPort ?? deps.endpoints.portFor(53);
  const host = new DnsHost({
    host: '127.0.0.1',
    port,
    ...(deps.config.dnsClientLocations ? { locations: deps.config.dnsClientLocations } : {}),
    ...(deps.config.dnsUpstream ? { upstream: parseUpstream(deps.config.dnsUpstream) } : {}),
  });
  let running = false;
  // While the DNS server is down (its port taken), changes are still committed; they are published at its start.
  const whenRunning = async (fn: () => Promise<void>) => {
    if (running) await fn();
  };
  const dns: DnsPublisher = {
    setZone: (zone: DnsZone) => whenRunning(() => host.setZone(zone)),
    patchZone: (id: string, removed: DnsRecordSet[], added: DnsRecordSet[]) => whenRunning(() => host.patchZone(id, removed, added)),
    removeZone: (id: string) => whenRunning(() => host.removeZone(id)),
    setHealth: (status: Record<string, boolean>) => whenRunning(() => host.setHealth(status)),
    setCidrCollection: (id: string, locations: Record<string, string[]>) => whenRunning(() => host.setCidrCollection(id, locations)),
  };
  // Names other services answer (load balancers, distributions): they register here through deps.internal.
  const names = new ServiceNameRegistry((source, list) => whenRunning(() => host.setServiceNames(source, list)));
  // S3 website endpoints, aliased by bucket-named records, answer where kumo serves S3 (its API address).
  names.register(s3WebsiteNameSource(deps.config.host === '0.0.0.0' || deps.config.host === '::' ? '127.0.0.1' : deps.config.host));
  const memory: ProbeMemory = {
    load: (id) => {
      const json = store.healthState(id);
      return json === undefined ? undefined : (JSON.parse(json) as SavedProbe);
    },
    save: (id, saved) => store.saveHealthState(id, JSON.stringify(saved)),
  };
  // CLOUDWATCH_METRIC checks read their alarm through CloudWatch's DescribeAlarms in process (undefined when absent).
  const alarmState: AlarmLookup = async (account, region, name) => {
    const out = await deps.internal.invoke<{ MetricAlarms?: Array<{ StateValue?: string }> }>('cloudwatch', 'DescribeAlarms', { account, region }, { AlarmNames: [name] });
    return out.MetricAlarms?.[0]?.StateValue;
  };
  const checker = new HealthChecker({ tasks: deps.tasks, clock: deps.clock, publish: (status) => dns.setHealth(status), probeAnyAddress: deps.config.route53ProbeAnyAddress, memory, alarmState });
  const context: Route53Context = { store, cidr, clock: deps.clock, dns, checker, names };
  const publishAll = async () => {
    await host.replaceCidrCollections(cidr.allPublished());
    await host.replaceAll(store.allZones().map((z) => dnsZoneOf(z, store.allRecords(z.id))));
    await host.setHealth(checker.statuses());
    await names.republish();
  };
  return {
    context,
    operations: ROUTE53_OPERATIONS,
    components: [
      {
        name: 'route-53.dns',
        start: async () => {
          await host.start();
          running = true;
          await publishAll();
        },
        stop: async () => {
          running = false;
          await host.stop();
        },
        health: () => ({ endpoints: [`udp 127.0.0.1:${host.port}`, `tcp 127.0.0.1:${host.port}`] }),
      },
      {
        name: 'route-53.health-checker',
        start: async () => {
          for (const h of store.allHealthChecks()) checker.upsert(h.id, h.config as unknown as HealthCheckConfig, h.account);
        },
        stop: async () => checker.clear(),
      },
    ],
    reset: async () => {
      checker.clear();
      if (running) await publishAll();
    },
    // dnsNames: services register the names kumo's DNS answers for them; healthStatuses: for CloudWatch's AWS/Route53
    // metrics, each health check's owner and current status.
    internal: {
      dnsNames: names,
      query: (message: Buffer) => (running ? host.query(message) : Promise.resolve(undefined)),
      healthStatuses: () => store.allHealthChecks().map((h) => ({ account: h.account, id: h.id, healthy: checker.status(h.id) })),
      // The Amazon resolver inside a VPC namespace (EC2's VPC world) asks here: private zones associated with the VPC.
      resolveInVpc: (message: Buffer, address: string, transport: 'udp' | 'tcp', vpc: string) => (running ? host.queryInVpc(message, address, transport, vpc) : Promise.resolve(undefined)),
    } satisfies Route53Internal & { healthStatuses(): unknown[]; resolveInVpc(message: Buffer, address: string, transport: 'udp' | 'tcp', vpc: string): Promise<Buffer | undefined> },
  };
}
