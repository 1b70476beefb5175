// Route 53 hosted zones and record sets through SDK v3, with the DNS server answering what the API committed:
// NS and SOA at creation, change batches live before the call returns, Route 53's errors and list order, and the
// newer HTTPS/SVCB types in wire form.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import dnsPacket from 'dns-packet';
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  DeleteHostedZoneCommand,
  GetChangeCommand,
  GetHostedZoneCommand,
  ListHostedZonesByNameCommand,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  ChangeTagsForResourceCommand,
  ListTagsForResourceCommand,
  GetHostedZoneCountCommand,
} from '@aws-sdk/client-route-53';
import { assertAwsError } from '../../support/aws-error.js';
import { a, startRoute53, type Route53Harness } from './route53-support.js';

let h: Route53Harness;
before(async () => {
  h = await startRoute53();
});
after(() => h.close());

test('CreateHostedZone answers 201 with a delegation set, and the zone has Route 53\'s NS and SOA records', async () => {
  const out = await h.r53.send(new CreateHostedZoneCommand({ Name: 'Create.Example.com', CallerReference: 'create-1', HostedZoneConfig: { Comment: 'hi' } }));
  assert.equal(out.$metadata.httpStatusCode, 201);
  assert.match(out.HostedZone!.Id!, /^\/hostedzone\/Z[A-Z0-9]+$/);
  assert.equal(out.HostedZone!.Name, 'create.example.com.');
  assert.equal(out.HostedZone!.ResourceRecordSetCount, 2);
  assert.equal(out.ChangeInfo!.Status, 'PENDING');
  assert.equal(out.DelegationSet!.NameServers!.length, 4);
  assert.match(out.Location!, /^https:\/\/route53\.amazonaws\.com\/2013-04-01\/hostedzone\/Z/);
  const got = await h.r53.send(new GetHostedZoneCommand({ Id: out.HostedZone!.Id! }));
  assert.deepEqual(got.HostedZone!.Config, { Comment: 'hi', PrivateZone: false });
  const sets = await h.r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: out.HostedZone!.Id! }));
  assert.deepEqual(sets.ResourceRecordSets!.map((r) => r.Type), ['NS', 'SOA']);
  assert.deepEqual(await h.resolver().resolveNs('create.example.com'), out.DelegationSet!.NameServers!.map((n) => n.replace(/\.$/, '')));
  const soa = await h.resolver().resolveSoa('create.example.com');
  assert.equal(soa.hostmaster, 'awsdns-hostmaster.amazon.com');
  assert.equal(soa.minttl, 86400);
});

test('A reused CallerReference is HostedZoneAlreadyExists; an unknown zone is NoSuchHostedZone', async () => {
  await h.r53.send(new CreateHostedZoneCommand({ Name: 'dup.example.com', CallerReference: 'dup-ref' }));
  await assertAwsError(h.r53.send(new CreateHostedZoneCommand({ Name: 'dup2.example.com', CallerReference: 'dup-ref' })), { code: 'HostedZoneAlreadyExists', status: 409 });
  await assertAwsError(h.r53.send(new GetHostedZoneCommand({ Id: 'ZNOTHERE123' })), { code: 'NoSuchHostedZone', status: 404, message: 'No hosted zone found with ID: ZNOTHERE123' });
});

test('ChangeResourceRecordSets is answered by DNS before it returns, and GetChange reports INSYNC', async () => {
  const zone = await h.zone('live.example.com');
  const out = await h.r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone, ChangeBatch: { Comment: 'go', Changes: [a('www.live.example.com', ['192.0.2.10'])] } }));
  assert.equal(out.ChangeInfo!.Status, 'PENDING');
  assert.deepEqual(await h.resolver().resolve4('www.live.example.com'), ['192.0.2.10']);
  const change = await h.r53.send(new GetChangeCommand({ Id: out.ChangeInfo!.Id! }));
  assert.equal(change.ChangeInfo!.Status, 'INSYNC');
  assert.equal(change.ChangeInfo!.Comment, 'go');
  await h.change(zone, a('www.live.example.com', ['192.0.2.11']));
  assert.deepEqual(await h.resolver().resolve4('www.live.example.com'), ['192.0.2.11']);
  await h.change(zone, { ...a('www.live.example.com', ['192.0.2.11']), Action: 'DELETE' });
  await assert.rejects(h.resolver().resolve4('www.live.example.com'), { code: 'ENOTFOUND' });
});

test('A batch with one bad change is rejected whole with InvalidChangeBatch and changes nothing', async () => {
  const zone = await h.zone('atomic.example.com');
  await h.change(zone, a('one.atomic.example.com', ['192.0.2.1']));
  const e = await assertAwsError(
    h.r53.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zone,
        ChangeBatch: { Changes: [a('two.atomic.example.com', ['192.0.2.2']), { ...a('one.atomic.example.com', ['192.0.2.1']), Action: 'CREATE' }] },
      }),
    ),
    { code: 'InvalidChangeBatch', status: 400, message: "Tried to create resource record set [name='one.atomic.example.com.', type='A'] but it already exists" },
  );
  assert.ok(e);
  await assert.rejects(h.resolver().resolve4('two.atomic.example.com'), { code: 'ENOTFOUND' });
  const sets = await h.r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone }));
  assert.equal(sets.ResourceRecordSets!.length, 3);
});

test('Invalid values and CNAME at the apex get Route 53\'s messages', async () => {
  const zone = await h.zone('rules.example.com');
  await assertAwsError(h.change(zone, a('x.rules.example.com', ['1.2.3'])), {
    code: 'InvalidChangeBatch',
    status: 400,
    message: "Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address) encountered with '1.2.3''",
  });
  await assertAwsError(h.change(zone, { Action: 'CREATE', ResourceRecordSet: { Name: 'rules.example.com', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: 'x.example.net' }] } }), {
    code: 'InvalidChangeBatch',
    status: 400,
    message: 'RRSet of type CNAME with DNS name rules.example.com. is not permitted at apex in zone rules.example.com.',
  });
});

test('ListResourceRecordSets pages in Route 53 order with NextRecordName and NextRecordType', async () => {
  const zone = await h.zone('order.example.com');
  await h.change(zone, a('b.order.example.com', ['192.0.2.1']), a('a.b.order.example.com', ['192.0.2.2']), a('c.order.example.com', ['192.0.2.3']));
  const first = await h.r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone, MaxItems: 3 }));
  assert.deepEqual(first.ResourceRecordSets!.map((r) => `${r.Name} ${r.Type}`), ['order.example.com. NS', 'order.example.com. SOA', 'b.order.example.com. A']);
  assert.equal(first.IsTruncated, true);
  assert.equal(first.NextRecordName, 'a.b.order.example.com.');
  assert.equal(first.NextRecordType, 'A');
  const second = await h.r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone, StartRecordName: first.NextRecordName, StartRecordType: first.NextRecordType }));
  assert.deepEqual(second.ResourceRecordSets!.map((r) => r.Name), ['a.b.order.example.com.', 'c.order.example.com.']);
  assert.equal(second.IsTruncated, false);
});

test('DeleteHostedZone refuses a zone with records (HostedZoneNotEmpty), then deletes it and DNS refuses its names', async () => {
  const zone = await h.zone('gone.example.com');
  await h.change(zone, a('www.gone.example.com', ['192.0.2.1']));
  await assertAwsError(h.r53.send(new DeleteHostedZoneCommand({ Id: zone })), { code: 'HostedZoneNotEmpty', status: 400 });
  await h.change(zone, { ...a('www.gone.example.com', ['192.0.2.1']), Action: 'DELETE' });
  const out = await h.r53.send(new DeleteHostedZoneCommand({ Id: zone }));
  assert.equal(out.ChangeInfo!.Status, 'PENDING');
  await assert.rejects(h.resolver().resolve4('gone.example.com'), { code: 'EREFUSED' });
  await assertAwsError(h.r53.send(new GetHostedZoneCommand({ Id: zone })), { code: 'NoSuchHostedZone', status: 404 });
});

test('ListHostedZones, ListHostedZonesByName and GetHostedZoneCount see the zones; tags round-trip', async () => {
  const zone = await h.zone('listed.example.org');
  const list = await h.r53.send(new ListHostedZonesCommand({}));
  assert.ok(list.HostedZones!.some((z) => z.Id === zone));
  const byName = await h.r53.send(new ListHostedZonesByNameCommand({ DNSName: 'listed.example.org' }));
  assert.equal(byName.HostedZones![0]!.Id, zone);
  const count = await h.r53.send(new GetHostedZoneCountCommand({}));
  assert.equal(count.HostedZoneCount, list.HostedZones!.length);
  await h.r53.send(new ChangeTagsForResourceCommand({ ResourceType: 'hostedzone', ResourceId: zone.replace('/hostedzone/', ''), AddTags: [{ Key: 'env', Value: 'test' }] }));
  const tags = await h.r53.send(new ListTagsForResourceCommand({ ResourceType: 'hostedzone', ResourceId: zone.replace('/hostedzone/', '') }));
  assert.deepEqual(tags.ResourceTagSet!.Tags, [{ Key: 'env', Value: 'test' }]);
});

test('HTTPS and SVCB records are answered in RFC 9460 wire form; a value breaking its rules is InvalidChangeBatch', async () => {
  const zone = await h.zone('svcb.example.com');
  await h.change(
    zone,
    { Action: 'CREATE', ResourceRecordSet: { Name: 'svcb.example.com', Type: 'HTTPS', TTL: 300, ResourceRecords: [{ Value: '1 . alpn="h3,h2" port=8443 ipv4hint=192.0.2.1' }] } },
    { Action: 'CREATE', ResourceRecordSet: { Name: '_dns.svcb.example.com', Type: 'SVCB', TTL: 300, ResourceRecords: [{ Value: '0 dns.example.net.' }] } },
  );
  const socket = createSocket('udp4');
  const ask = (name: string, type: number) =>
    new Promise<{ rcode: string; answers: Array<{ type: string; data: Buffer }> }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer for ${name}`)), 5000);
      socket.once('message', (m) => {
        clearTimeout(timer);
        resolve(dnsPacket.decode(m) as unknown as { rcode: string; answers: Array<{ type: string; data: Buffer }> });
      });
      socket.send(dnsPacket.encode({ id: 7, type: 'query', questions: [{ name, type: `UNKNOWN_${type}` as 'A' }] }), h.dnsPort, '127.0.0.1');
    });
  try {
    const https = await ask('svcb.example.com', 65);
    assert.equal(https.answers.length, 1);
    // priority 1, target root, alpn (key 1) h3,h2, port (key 3) 8443, ipv4hint (key 4) 192.0.2.1.
    assert.equal(https.answers[0]!.data.toString('hex'), '0001' + '00' + '0001' + '0006' + '026833' + '026832' + '0003' + '0002' + '20fb' + '0004' + '0004' + 'c0000201');
    const svcb = await ask('_dns.svcb.example.com', 64);
    assert.equal(svcb.answers[0]!.data.toString('hex'), '0000' + '03646e73076578616d706c65036e657400');
  } finally {
    socket.close();
  }
  await assertAwsError(h.change(zone, { Action: 'CREATE', ResourceRecordSet: { Name: 'bad.svcb.example.com', Type: 'HTTPS', TTL: 300, ResourceRecords: [{ Value: '1 . mandatory=port' }] } }), {
    code: 'InvalidChangeBatch',
    status: 400,
    message: "Invalid Resource Record: 'FATAL problem: HTTPSRRDATAIllegalValue (mandatory key 3 is missing) encountered with '1 . mandatory=port''",
  });
});
