// Amazon S3 website endpoints as Route 53 alias targets: each region's endpoint name and hosted zone id (the AWS
// General Reference's table), and every `<bucket>.` name below them, answered with the address kumo's S3 serves.
import type { NameSource, ServiceName } from './service-names.js';

/**
 * S3 website endpoints' Route 53 hosted zone ids by region (General Reference, "Amazon S3 website endpoints"). The
 * regions before 2014 name their endpoint `s3-website-<region>`, later ones `s3-website.<region>`.
 */
export const S3_WEBSITE_ZONES: Readonly<Record<string, { zoneId: string; dash: boolean }>> = {
  'us-east-1': { zoneId: 'Z3AQBSTGFYJSTF', dash: true },
  'us-east-2': { zoneId: 'Z2O1EMRO9K5GLX', dash: false },
  'us-west-1': { zoneId: 'Z2F56UZL2M1ACD', dash: true },
  'us-west-2': { zoneId: 'Z3BJ6K6RIION7M', dash: true },
  'ap-east-1': { zoneId: 'ZNB98KWMFR0R6', dash: false },
  'ap-south-1': { zoneId: 'Z11RGJOFQNVJUP', dash: false },
  'ap-northeast-1': { zoneId: 'Z2M4EHUR26P7ZW', dash: true },
  'ap-northeast-2': { zoneId: 'Z3W03O7B5YMIYP', dash: false },
  'ap-northeast-3': { zoneId: 'Z2YQB5RD63NC85', dash: false },
  'ap-southeast-1': { zoneId: 'Z3O0J2DXBE1FTB', dash: true },
  'ap-southeast-2': { zoneId: 'Z1WCIGYICN2BYD', dash: true },
  'ca-central-1': { zoneId: 'Z1QDHH18159H29', dash: false },
  'eu-central-1': { zoneId: 'Z21DNDUVLTQW6Q', dash: false },
  'eu-west-1': { zoneId: 'Z1BKCTXD74EZPE', dash: true },
  'eu-west-2': { zoneId: 'Z3GKZC51ZF0DB4', dash: false },
  'eu-west-3': { zoneId: 'Z3R1K369G5AVDG', dash: false },
  'eu-north-1': { zoneId: 'Z3BAZG2TWCNX0D', dash: false },
  'me-south-1': { zoneId: 'Z1MPMWCPA7YB62', dash: false },
  'sa-east-1': { zoneId: 'Z7KQH4QJS55SO', dash: true },
};

/** S3 website endpoints answer with the TTL S3's own names carry (60 s, like the other service names kumo answers). */
const S3_WEBSITE_TTL = 60;

function endpointName(region: string, dash: boolean): string {
  return dash ? `s3-website-${region}.amazonaws.com` : `s3-website.${region}.amazonaws.com`;
}

/** A region's website endpoint in the form S3 itself names it (dash for the regions before 2014, else dot). */
export function websiteEndpointOf(region: string): string {
  return endpointName(region, S3_WEBSITE_ZONES[region]?.dash ?? false);
}

/**
 * The website endpoints as a name source: both spellings of each region's endpoint (the dash form of older regions
 * also resolves in the dot form) answer `address`, where kumo serves S3. Route 53 routes by the record name: "the
 * name of the record must match the name of your Amazon S3 bucket" (Route 53 guide, "Routing traffic to a website
 * that is hosted in an Amazon S3 bucket"), because the website endpoint picks the bucket from the Host header.
 */
export function s3WebsiteNameSource(address: string): NameSource {
  return {
    id: 's3-website',
    *names(): Iterable<ServiceName> {
      for (const [region, { zoneId, dash }] of Object.entries(S3_WEBSITE_ZONES)) {
        // `<bucket>.s3-website…` resolves for any bucket name, as AWS's wildcard does; S3 answers by Host.
        const entry = { addresses: [address], ttl: S3_WEBSITE_TTL, healthy: true, hostedZoneId: zoneId, wildcard: true };
        yield { name: endpointName(region, dash), ...entry };
        if (dash) yield { name: endpointName(region, false), ...entry };
      }
    },
    ownsZone(hostedZoneId) {
      const hit = Object.entries(S3_WEBSITE_ZONES).find(([, z]) => z.zoneId === hostedZoneId);
      return hit ? { suffix: endpointName(hit[0], hit[1].dash) } : undefined;
    },
  };
}
