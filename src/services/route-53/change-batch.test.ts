// ChangeResourceRecordSets' rules: atomic batches, UPSERT, DELETE matching, CNAME placement, mixed routing
// policies and names outside the zone, with Route 53's InvalidChangeBatch wording.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyChangeBatch, InvalidChangeBatchError, type Change } from './change-batch.js';
import { compareRecordSets, storedName, toDnsRecordSet, type ResourceRecordSet } from './record-sets.js';

const a = (name: string, value: string, extra: Partial<ResourceRecordSet> = {}): ResourceRecordSet => ({ Name: name, Type: 'A', TTL: 300, ResourceRecords: [{ Value: value }], ...extra });
const change = (Action: Change['Action'], r: ResourceRecordSet): Change => ({ Action, ResourceRecordSet: r });

function rejects(fn: () => unknown, messages: string[]) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof InvalidChangeBatchError);
    assert.deepEqual(e.messages, messages);
    return true;
  });
}

test('storedName lower-cases, makes the name absolute and escapes * as \\052', () => {
  assert.equal(storedName('WWW.Example.com'), 'www.example.com.');
  assert.equal(storedName('*.example.com.'), '\\052.example.com.');
  assert.equal(storedName('\\052.example.com.'), '\\052.example.com.');
});

test('CREATE adds, UPSERT replaces, DELETE with matching values removes', () => {
  let sets = applyChangeBatch('example.com', [], [change('CREATE', a('www.example.com', '192.0.2.1'))]);
  assert.deepEqual(sets.map((s) => s.ResourceRecords![0]!.Value), ['192.0.2.1']);
  sets = applyChangeBatch('example.com', sets, [change('UPSERT', a('WWW.example.com.', '192.0.2.2'))]);
  assert.deepEqual(sets.map((s) => [s.Name, s.ResourceRecords![0]!.Value]), [['www.example.com.', '192.0.2.2']]);
  sets = applyChangeBatch('example.com', sets, [change('DELETE', a('www.example.com', '192.0.2.2'))]);
  assert.equal(sets.length, 0);
});

test('A batch is atomic: one bad change rejects all, with every message', () => {
  const current = [a('www.example.com.', '192.0.2.1')];
  rejects(
    () => applyChangeBatch('example.com.', current, [change('CREATE', a('new.example.com', '192.0.2.9')), change('CREATE', a('www.example.com', '192.0.2.1')), change('DELETE', a('gone.example.com', '192.0.2.1'))]),
    ["Tried to create resource record set [name='www.example.com.', type='A'] but it already exists", "Tried to delete resource record set [name='gone.example.com.', type='A'] but it was not found"],
  );
});

test('DELETE must name the current values; a set identifier is part of the name', () => {
  const current = [a('w.example.com.', '192.0.2.1', { SetIdentifier: 'one', Weight: 1 })];
  rejects(() => applyChangeBatch('example.com.', current, [change('DELETE', a('w.example.com', '192.0.2.2', { SetIdentifier: 'one', Weight: 1 }))]), [
    "Tried to delete resource record set [name='w.example.com.', type='A', set-identifier='one'] but the values provided do not match the current values",
  ]);
});

test('DELETE then CREATE of the same record set in one batch replaces it', () => {
  const current = [a('www.example.com.', '192.0.2.1')];
  const sets = applyChangeBatch('example.com.', current, [change('DELETE', a('www.example.com', '192.0.2.1')), change('CREATE', a('www.example.com', '192.0.2.5'))]);
  assert.equal(sets[0]!.ResourceRecords![0]!.Value, '192.0.2.5');
});

test('CNAME is refused at the apex and beside other types, and other types beside a CNAME', () => {
  const cname = (name: string): ResourceRecordSet => ({ Name: name, Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: 'target.example.net' }] });
  rejects(() => applyChangeBatch('example.com.', [], [change('CREATE', cname('example.com'))]), ['RRSet of type CNAME with DNS name example.com. is not permitted at apex in zone example.com.']);
  rejects(() => applyChangeBatch('example.com.', [a('x.example.com.', '192.0.2.1')], [change('CREATE', cname('x.example.com'))]), [
    'RRSet of type CNAME with DNS name x.example.com. is not permitted as it conflicts with other records with the same DNS name in zone example.com.',
  ]);
  rejects(() => applyChangeBatch('example.com.', [cname('y.example.com.')], [change('CREATE', a('y.example.com', '192.0.2.1'))]), [
    'RRSet of type A with DNS name y.example.com. is not permitted because a conflicting RRSet of type  CNAME with the same DNS name already exists in zone example.com.',
  ]);
});

test('Names outside the zone are refused', () => {
  rejects(() => applyChangeBatch('example.com.', [], [change('CREATE', a('www.example.org', '192.0.2.1'))]), ['RRSet with DNS name www.example.org. is not permitted in zone example.com.']);
});

test('Routing policies do not mix within a name and type', () => {
  const weighted = [a('w.example.com.', '192.0.2.1', { SetIdentifier: 'one', Weight: 1 })];
  rejects(() => applyChangeBatch('example.com.', weighted, [change('CREATE', a('w.example.com', '192.0.2.2'))]), ['RRSet with DNS name w.example.com., type A cannot be created as weighted sets exist with the same name and type.']);
  rejects(() => applyChangeBatch('example.com.', weighted, [change('CREATE', a('w.example.com', '192.0.2.2', { SetIdentifier: 'two', Failover: 'PRIMARY' }))]), [
    'RRSet with DNS name w.example.com., type A, SetIdentifier two cannot be created as a non-failover set exists with the same name and type.',
  ]);
  const two = applyChangeBatch('example.com.', weighted, [change('CREATE', a('w.example.com', '192.0.2.2', { SetIdentifier: 'two', Weight: 3 }))]);
  assert.equal(two.length, 2);
});

test('The apex SOA and NS cannot be deleted', () => {
  const soa: ResourceRecordSet = { Name: 'example.com.', Type: 'SOA', TTL: 900, ResourceRecords: [{ Value: 'ns. host. 1 7200 900 1209600 86400' }] };
  rejects(() => applyChangeBatch('example.com.', [soa], [change('DELETE', soa)]), ['A HostedZone must contain exactly one SOA record.']);
});

test('Record sets are ordered by reversed labels, then type, then set identifier', () => {
  const sorted = [a('b.example.com.', '1'), { ...a('example.com.', '1'), Type: 'NS' }, a('a.b.example.com.', '1'), a('example.com.', '1'), a('c.example.com.', '1', { SetIdentifier: 'z' }), a('c.example.com.', '1', { SetIdentifier: 'a' })]
    .sort(compareRecordSets)
    .map((r) => `${r.Name} ${r.Type} ${r.SetIdentifier ?? ''}`.trim());
  assert.deepEqual(sorted, ['example.com. A', 'example.com. NS', 'b.example.com. A', 'a.b.example.com. A', 'c.example.com. A a', 'c.example.com. A z']);
});

test('toDnsRecordSet keeps routing fields and aliases, to the same zone and to other services\' names', () => {
  assert.deepEqual(toDnsRecordSet(a('w.example.com.', '192.0.2.1', { SetIdentifier: 's', Weight: 0, HealthCheckId: 'h' })), {
    name: 'w.example.com.',
    type: 'A',
    ttl: 300,
    values: ['192.0.2.1'],
    setIdentifier: 's',
    weight: 0,
    healthCheckId: 'h',
  });
  const alias = (dns: string): ResourceRecordSet => ({ Name: 'example.com.', Type: 'A', AliasTarget: { HostedZoneId: 'Z1', DNSName: dns, EvaluateTargetHealth: true } });
  assert.deepEqual(toDnsRecordSet(alias('WWW.example.com')).alias, { name: 'www.example.com.', evaluateTargetHealth: true });
  assert.deepEqual(toDnsRecordSet(alias('Dualstack.my-lb-1.us-east-1.elb.amazonaws.com')).alias, { name: 'dualstack.my-lb-1.us-east-1.elb.amazonaws.com.', evaluateTargetHealth: true });
});
