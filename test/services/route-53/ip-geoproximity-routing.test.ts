// IP-based routing through CIDR collections and geoproximity routing, end to end: the control plane's answers and
// errors, then real DNS queries from different loopback source addresses choosing the records.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ChangeCidrCollectionCommand,
  CreateCidrCollectionCommand,
  DeleteCidrCollectionCommand,
  ListCidrBlocksCommand,
  ListCidrCollectionsCommand,
  ListCidrLocationsCommand,
  ChangeResourceRecordSetsCommand,
} from '@aws-sdk/client-route-53';
import { assertAwsError } from '../../support/aws-error.js';
import { uniqueName } from '../../support/names.js';
import { a, startRoute53, type Route53Harness } from './route53-support.js';

let h: Route53Harness;
before(async () => {
  h = await startRoute53({ dnsClientLocations: '127.0.0.3=region:eu-west-1;127.0.0.4=region:ap-northeast-1' });
});
after(() => h.close());

async function collection(name = uniqueName('coll')): Promise<string> {
  const out = await h.r53.send(new CreateCidrCollectionCommand({ Name: name, CallerReference: `ref-${name}` }));
  return out.Collection!.Id!;
}

test('CreateCidrCollection returns the collection at version 1 and is idempotent by CallerReference', async () => {
  const name = uniqueName('coll');
  const first = await h.r53.send(new CreateCidrCollectionCommand({ Name: name, CallerReference: 'same-ref' }));
  assert.match(first.Collection!.Id!, /^[0-9a-f-]{36}$/);
  assert.equal(first.Collection!.Arn, `arn:aws:route53:::cidrcollection/${first.Collection!.Id}`);
  assert.equal(first.Collection!.Version, 1);
  assert.equal(first.Location, `https://route53.amazonaws.com/2013-04-01/cidrcollection/${first.Collection!.Id}`);
  const again = await h.r53.send(new CreateCidrCollectionCommand({ Name: name, CallerReference: 'same-ref' }));
  assert.equal(again.Collection!.Id, first.Collection!.Id);
  await assertAwsError(h.r53.send(new CreateCidrCollectionCommand({ Name: name, CallerReference: 'other-ref' })), { code: 'CidrCollectionAlreadyExistsException', status: 400 });
});

test('ChangeCidrCollection adds and removes blocks by location, bumping the version it checks', async () => {
  const id = await collection();
  await h.r53.send(new ChangeCidrCollectionCommand({ Id: id, CollectionVersion: 1, Changes: [{ LocationName: 'tokyo', Action: 'PUT', CidrList: ['127.0.2.0/24', '10.1.0.0/16'] }, { LocationName: 'osaka', Action: 'PUT', CidrList: ['127.0.3.0/24'] }] }));
  const locations = await h.r53.send(new ListCidrLocationsCommand({ CollectionId: id }));
  assert.deepEqual(locations.CidrLocations!.map((l) => l.LocationName), ['osaka', 'tokyo']);
  const blocks = await h.r53.send(new ListCidrBlocksCommand({ CollectionId: id, LocationName: 'tokyo' }));
  assert.deepEqual(blocks.CidrBlocks!.map((b) => b.CidrBlock).sort(), ['10.1.0.0/16', '127.0.2.0/24']);
  await assertAwsError(h.r53.send(new ChangeCidrCollectionCommand({ Id: id, CollectionVersion: 1, Changes: [{ LocationName: 'x', Action: 'PUT', CidrList: ['127.0.4.0/24'] }] })), {
    code: 'CidrCollectionVersionMismatchException',
    status: 409,
  });
  await h.r53.send(new ChangeCidrCollectionCommand({ Id: id, CollectionVersion: 2, Changes: [{ LocationName: 'osaka', Action: 'DELETE_IF_EXISTS', CidrList: ['127.0.3.0/24'] }] }));
  const after = await h.r53.send(new ListCidrLocationsCommand({ CollectionId: id }));
  assert.deepEqual(after.CidrLocations!.map((l) => l.LocationName), ['tokyo']);
  const listed = await h.r53.send(new ListCidrCollectionsCommand({}));
  assert.equal(listed.CidrCollections!.find((c) => c.Id === id)?.Version, 3);
});

test('ChangeCidrCollection refuses an invalid block and changes nothing', async () => {
  const id = await collection();
  await assertAwsError(h.r53.send(new ChangeCidrCollectionCommand({ Id: id, Changes: [{ LocationName: 'a', Action: 'PUT', CidrList: ['127.0.2.0/24', '127.0.2.1/32'] }] })), { code: 'InvalidInput', status: 400 });
  const blocks = await h.r53.send(new ListCidrBlocksCommand({ CollectionId: id }));
  assert.deepEqual(blocks.CidrBlocks, []);
});

test('Unknown collections and locations are NoSuchCidrCollectionException and NoSuchCidrLocationException', async () => {
  const missing = '00000000-0000-4000-8000-000000000000';
  await assertAwsError(h.r53.send(new ListCidrLocationsCommand({ CollectionId: missing })), { code: 'NoSuchCidrCollectionException', status: 404 });
  await assertAwsError(h.r53.send(new DeleteCidrCollectionCommand({ Id: missing })), { code: 'NoSuchCidrCollectionException', status: 404 });
  const id = await collection();
  await assertAwsError(h.r53.send(new ListCidrBlocksCommand({ CollectionId: id, LocationName: 'nowhere' })), { code: 'NoSuchCidrLocationException', status: 404 });
});

test('IP-based records answer each client by the location of its source address, others by the default record', async () => {
  const id = await collection();
  await h.r53.send(new ChangeCidrCollectionCommand({ Id: id, Changes: [{ LocationName: 'branch', Action: 'PUT', CidrList: ['127.0.2.0/24'] }] }));
  const zone = await h.zone('ipr.example.com');
  await h.change(
    zone,
    a('app.ipr.example.com', ['192.0.2.10'], { SetIdentifier: 'branch', CidrRoutingConfig: { CollectionId: id, LocationName: 'branch' } }),
    a('app.ipr.example.com', ['192.0.2.99'], { SetIdentifier: 'default', CidrRoutingConfig: { CollectionId: id, LocationName: '*' } }),
  );
  assert.deepEqual(await h.resolver('127.0.2.1').resolve4('app.ipr.example.com'), ['192.0.2.10']);
  assert.deepEqual(await h.resolver().resolve4('app.ipr.example.com'), ['192.0.2.99']);
  // A block added to the location reaches answers before ChangeCidrCollection returns.
  await h.r53.send(new ChangeCidrCollectionCommand({ Id: id, Changes: [{ LocationName: 'branch', Action: 'PUT', CidrList: ['127.0.0.0/24'] }] }));
  assert.deepEqual(await h.resolver().resolve4('app.ipr.example.com'), ['192.0.2.10']);
  // The location is in use: its last blocks cannot go, and neither can the collection.
  await assertAwsError(
    h.r53.send(new ChangeCidrCollectionCommand({ Id: id, Changes: [{ LocationName: 'branch', Action: 'DELETE_IF_EXISTS', CidrList: ['127.0.2.0/24', '127.0.0.0/24'] }] })),
    { code: 'CidrBlockInUseException', status: 400 },
  );
  await assertAwsError(h.r53.send(new DeleteCidrCollectionCommand({ Id: id })), { code: 'CidrCollectionInUseException', status: 400 });
});

test('A record naming a missing collection or location is InvalidChangeBatch', async () => {
  const zone = await h.zone('iprbad.example.com');
  const id = await collection();
  const send = (cfg: { CollectionId: string; LocationName: string }) =>
    h.r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone, ChangeBatch: { Changes: [a('x.iprbad.example.com', ['192.0.2.1'], { SetIdentifier: 's', CidrRoutingConfig: cfg })] } }));
  await assertAwsError(send({ CollectionId: '00000000-0000-4000-8000-000000000000', LocationName: '*' }), { code: 'InvalidChangeBatch', status: 400 });
  await assertAwsError(send({ CollectionId: id, LocationName: 'nowhere' }), { code: 'InvalidChangeBatch', status: 400 });
});

test('Geoproximity records answer the nearest resource, and a bias moves clients to another one', async () => {
  const zone = await h.zone('geoprox.example.com');
  await h.change(
    zone,
    a('www.geoprox.example.com', ['192.0.2.1'], { SetIdentifier: 'virginia', GeoProximityLocation: { AWSRegion: 'us-east-1' } }),
    a('www.geoprox.example.com', ['192.0.2.2'], { SetIdentifier: 'frankfurt', GeoProximityLocation: { AWSRegion: 'eu-central-1' } }),
    a('www.geoprox.example.com', ['192.0.2.3'], { SetIdentifier: 'tokyo', GeoProximityLocation: { Coordinates: { Latitude: '35.68', Longitude: '139.69' } } }),
  );
  assert.deepEqual(await h.resolver().resolve4('www.geoprox.example.com'), ['192.0.2.1']);
  assert.deepEqual(await h.resolver('127.0.0.3').resolve4('www.geoprox.example.com'), ['192.0.2.2']);
  assert.deepEqual(await h.resolver('127.0.0.4').resolve4('www.geoprox.example.com'), ['192.0.2.3']);
  // Dublin is ~1,100 km from Frankfurt and ~5,500 km from Virginia: a bias of 90 on Virginia pulls it over.
  await h.change(zone, a('www.geoprox.example.com', ['192.0.2.1'], { SetIdentifier: 'virginia', GeoProximityLocation: { AWSRegion: 'us-east-1', Bias: 90 } }));
  assert.deepEqual(await h.resolver('127.0.0.3').resolve4('www.geoprox.example.com'), ['192.0.2.1']);
});

test('A geoproximity location must name exactly one known place and a bias within -99..99', async () => {
  const zone = await h.zone('geobad.example.com');
  const send = (g: Record<string, unknown>) =>
    h.r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone, ChangeBatch: { Changes: [a('x.geobad.example.com', ['192.0.2.1'], { SetIdentifier: 's', GeoProximityLocation: g })] } }));
  await assertAwsError(send({ AWSRegion: 'us-east-1', Coordinates: { Latitude: '1', Longitude: '1' } }), { code: 'InvalidChangeBatch', status: 400 });
  await assertAwsError(send({ AWSRegion: 'mars-east-1' }), { code: 'InvalidChangeBatch', status: 400 });
  await assertAwsError(send({ AWSRegion: 'us-east-1', Bias: 100 }), { code: 'InvalidChangeBatch', status: 400 });
});
