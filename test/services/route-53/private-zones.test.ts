// Private hosted zones and client placement: a zone created with a VPC answers only clients that
// KUMO_DNS_CLIENT_LOCATIONS places in that VPC (here by binding the resolver to 127.0.1.5), and the source address
// decides latency answers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateHostedZoneCommand, GetHostedZoneCommand } from '@aws-sdk/client-route-53';
import { assertAwsError } from '../../support/aws-error.js';
import { a, startRoute53, type Route53Harness } from './route53-support.js';

let h: Route53Harness;
before(async () => {
  h = await startRoute53({ dnsClientLocations: '127.0.1.0/24=vpc:vpc-0abc12345;127.0.0.2=region:ap-northeast-1' });
});
after(() => h.close());

test('A private hosted zone answers clients in its VPC and refuses everyone else', async () => {
  const out = await h.r53.send(new CreateHostedZoneCommand({ Name: 'corp.internal', CallerReference: 'private-1', VPC: { VPCId: 'vpc-0abc12345', VPCRegion: 'us-east-1' }, HostedZoneConfig: { PrivateZone: true } }));
  assert.equal(out.HostedZone!.Config!.PrivateZone, true);
  assert.equal(out.DelegationSet, undefined);
  assert.deepEqual(out.VPC, { VPCId: 'vpc-0abc12345', VPCRegion: 'us-east-1' });
  const got = await h.r53.send(new GetHostedZoneCommand({ Id: out.HostedZone!.Id! }));
  assert.deepEqual(got.VPCs, [{ VPCId: 'vpc-0abc12345', VPCRegion: 'us-east-1' }]);
  await h.change(out.HostedZone!.Id!, a('db.corp.internal', ['10.0.0.5']));
  assert.deepEqual(await h.resolver('127.0.1.5').resolve4('db.corp.internal'), ['10.0.0.5']);
  await assert.rejects(h.resolver().resolve4('db.corp.internal'), { code: 'EREFUSED' });
});

test('A malformed VPC id is InvalidVPCId', async () => {
  await assertAwsError(h.r53.send(new CreateHostedZoneCommand({ Name: 'bad.internal', CallerReference: 'private-2', VPC: { VPCId: 'not-a-vpc', VPCRegion: 'us-east-1' } })), {
    code: 'InvalidVPCId',
    status: 400,
    message: 'The VPC ID is invalid.',
  });
});

test('Latency records answer by the region the source address is mapped to', async () => {
  const zone = await h.zone('lat.example.net');
  await h.change(
    zone,
    a('api.lat.example.net', ['192.0.2.1'], { SetIdentifier: 'use1', Region: 'us-east-1' }),
    a('api.lat.example.net', ['192.0.2.2'], { SetIdentifier: 'apne1', Region: 'ap-northeast-1' }),
  );
  assert.deepEqual(await h.resolver().resolve4('api.lat.example.net'), ['192.0.2.1']);
  assert.deepEqual(await h.resolver('127.0.0.2').resolve4('api.lat.example.net'), ['192.0.2.2']);
});
