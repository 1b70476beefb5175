// The VPC peering quota: at most 125 active peering connections per VPC (Amazon VPC quotas, "Active VPC peering
// connections per VPC", adjustable up to 125; kumo allows the maximum). Both creating a 126th and accepting one refuse.
import { test } from 'node:test';
import { AcceptVpcPeeringConnectionCommand, CreateVpcCommand, CreateVpcPeeringConnectionCommand } from '@aws-sdk/client-ec2';
import { assertAwsError } from '../../support/aws-error.js';
import { useEc2Kumo } from '../../support/ec2-kumo.js';

const env = useEc2Kumo();

async function inBatches<T>(count: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += 16) out.push(...(await Promise.all(Array.from({ length: Math.min(16, count - i) }, (_, k) => make(i + k)))));
  return out;
}

test('a VPC holds at most 125 active peerings: the 126th create and an accept past 125 answer ActiveVpcPeeringConnectionPerVpcLimitExceeded', async () => {
  const { client } = env;
  const vpc = async (cidr: string) => (await client.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc!.VpcId!;
  const hub = await vpc('10.0.0.0/16');
  // 127 spokes with CIDRs that overlap neither the hub nor each other: 10.1.0.0/16 … 10.127.0.0/16.
  const spokes = await inBatches(127, (i) => vpc(`10.${i + 1}.0.0/16`));
  const request = async (spoke: string) => (await client.send(new CreateVpcPeeringConnectionCommand({ VpcId: hub, PeerVpcId: spoke }))).VpcPeeringConnection!.VpcPeeringConnectionId!;
  const accept = (id: string) => client.send(new AcceptVpcPeeringConnectionCommand({ VpcPeeringConnectionId: id }));
  // 124 active, then two pending requests (pending ones do not count against the quota).
  await inBatches(124, async (i) => accept(await request(spokes[i]!)));
  const [a, b] = [await request(spokes[124]!), await request(spokes[125]!)];
  await accept(a);
  const limit = { code: 'ActiveVpcPeeringConnectionPerVpcLimitExceeded', status: 400, message: /limit on the number of active VPC peering connections/ };
  await assertAwsError(accept(b), limit);
  await assertAwsError(request(spokes[126]!), limit);
});
