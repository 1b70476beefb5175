// The AWS-managed prefix lists every region has (com.amazonaws.<region>.s3 and .dynamodb, for gateway endpoints): ids
// and CIDRs per region from public recordings of EC2's own answers, and for regions without one a documented id rule.
//
// Sources:
// - us-east-1: the ids and blocks kumo has carried since round 6 (the live lists change over time).
// - the other 14 regions below: `aws ec2 describe-prefix-lists` run in every region and published with its output
//   (github.com/sharadchhetri/aws, README.md, "AWS - prefix-lists", 2018). The CIDRs are as of that recording; AWS
//   has grown them since. The ids are AWS's and are regional: one id can name different lists in different regions
//   (pl-78a54011 is ap-south-1's and ap-northeast-2's S3 list and ap-northeast-1's DynamoDB list), so kumo looks
//   them up per region only.
// - eu-north-1 and ap-northeast-3 (kumo's other default regions) have no recording: their ids are formed by
//   `derivedPrefixListId` (pl- and 8 hex digits, the short form AWS uses for these lists, from an FNV-1a hash of
//   "<region>/<service>") and they carry no entries, rather than invented CIDRs. A route or rule naming them matches
//   nothing.

export interface ManagedListFacts {
  id: string;
  service: 's3' | 'dynamodb';
  cidrs: readonly string[];
}

const RECORDED: Record<string, { s3: [string, string[]]; dynamodb: [string, string[]] }> = {
  'us-east-1': {
    s3: ['pl-63a5400a', ['3.5.0.0/19', '16.182.0.0/16', '18.34.0.0/19', '18.34.232.0/21', '44.192.134.240/28', '44.192.140.64/28', '52.216.0.0/15', '54.231.0.0/16']],
    dynamodb: ['pl-02cd2c6b', ['3.218.180.0/22', '52.94.0.0/22', '52.119.224.0/20']],
  },
  'us-east-2': { s3: ['pl-7ba54012', ['52.219.80.0/20', '52.219.96.0/20', '52.92.76.0/22']], dynamodb: ['pl-4ca54025', ['52.94.4.0/24']] },
  'us-west-1': { s3: ['pl-6ba54002', ['52.219.20.0/22', '54.231.232.0/21', '52.219.24.0/21', '52.92.48.0/22']], dynamodb: ['pl-6ea54007', ['52.94.12.0/24']] },
  'us-west-2': { s3: ['pl-68a54001', ['54.231.160.0/19', '52.218.128.0/17', '52.92.32.0/22']], dynamodb: ['pl-00a54069', ['52.94.28.0/23']] },
  'ca-central-1': { s3: ['pl-7da54014', ['52.95.146.0/23', '52.95.145.0/24', '52.92.84.0/22']], dynamodb: ['pl-4ea54027', ['52.94.14.0/24']] },
  'eu-west-1': { s3: ['pl-6da54004', ['52.218.0.0/17', '54.231.128.0/19']], dynamodb: ['pl-6fa54006', ['52.94.5.0/24', '52.119.240.0/21', '52.94.24.0/23']] },
  'eu-west-2': { s3: ['pl-7ca54015', ['52.95.150.0/24', '52.92.88.0/22', '52.95.148.0/23']], dynamodb: ['pl-b3a742da', ['52.94.15.0/24']] },
  'eu-west-3': { s3: ['pl-23ad484a', ['52.95.154.0/23', '52.95.156.0/24']], dynamodb: ['pl-abb451c2', ['52.94.16.0/24']] },
  'eu-central-1': { s3: ['pl-6ea54007', ['52.219.44.0/22', '54.231.192.0/20', '52.219.72.0/22']], dynamodb: ['pl-66a5400f', ['52.94.17.0/24']] },
  'ap-northeast-1': { s3: ['pl-61a54008', ['52.219.0.0/20', '54.231.224.0/21', '52.219.16.0/22', '52.219.68.0/22']], dynamodb: ['pl-78a54011', ['52.94.8.0/24']] },
  'ap-northeast-2': { s3: ['pl-78a54011', ['52.92.0.0/20', '52.219.60.0/23', '52.219.56.0/22']], dynamodb: ['pl-48a54021', ['52.94.6.0/24']] },
  'ap-southeast-1': { s3: ['pl-6fa54006', ['52.219.32.0/21', '52.219.40.0/22', '54.231.240.0/22', '52.219.76.0/22']], dynamodb: ['pl-67a5400e', ['52.94.11.0/24']] },
  'ap-southeast-2': { s3: ['pl-6ca54005', ['54.231.248.0/22', '54.231.252.0/24', '52.95.128.0/21']], dynamodb: ['pl-62a5400b', ['52.94.13.0/24']] },
  'ap-south-1': { s3: ['pl-78a54011', ['52.92.248.0/22', '52.219.62.0/23', '52.219.64.0/22']], dynamodb: ['pl-66a7420f', ['52.94.20.0/24']] },
  'sa-east-1': {
    s3: ['pl-6aa54003', ['52.95.138.0/24', '52.92.64.0/22', '52.95.163.0/24', '52.95.136.0/23', '52.92.72.0/22', '52.95.164.0/23']],
    dynamodb: ['pl-60a54009', ['52.94.7.0/24']],
  },
};

/** `pl-` and 8 hex digits from FNV-1a over "<region>/<service>": stable across restarts and machines. */
export function derivedPrefixListId(region: string, service: string): string {
  let h = 0x811c9dc5;
  for (const c of `${region}/${service}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return `pl-${h.toString(16).padStart(8, '0')}`;
}

const cache = new Map<string, readonly ManagedListFacts[]>();

/** The region's AWS-managed lists: recorded ones where a recording exists, else derived ids with no entries. */
export function awsManagedLists(region: string): readonly ManagedListFacts[] {
  let lists = cache.get(region);
  if (lists) return lists;
  const recorded = RECORDED[region];
  lists = (['s3', 'dynamodb'] as const).map((service) => (recorded
    ? { id: recorded[service][0], service, cidrs: recorded[service][1] }
    : { id: derivedPrefixListId(region, service), service, cidrs: [] }));
  if (cache.size > 100) cache.clear();
  cache.set(region, lists);
  return lists;
}
