// Which requests are S3 static-website requests: a Host naming a website endpoint, `<bucket>.s3-website-<region>.
// amazonaws.com` or `<bucket>.s3-website.<region>.amazonaws.com` (S3 user guide, "Website endpoints").
// These hosts get HTML pages, index documents and redirects instead of the REST API (website/website-serve.ts).

export interface WebsiteHost {
  /** Lower case, as DNS names are; bucket names are lower case. */
  bucket: string;
  region: string;
}

// `<bucket>.s3-website-<region>.amazonaws.com` (the regions before 2014) or `<bucket>.s3-website.<region>.…`; the
// bucket may contain dots (`www.example.com.s3-website-us-east-1.amazonaws.com`). China's `.amazonaws.com.cn` too.
const WEBSITE_HOST = /^(.+)\.s3-website[.-]([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/;

/** The bucket and region a Host header names, when it is a website endpoint's; undefined for every other host. */
export function parseWebsiteHost(header: string | undefined): WebsiteHost | undefined {
  if (header === undefined) return undefined;
  const name = header.trim().toLowerCase();
  if (!name.includes('s3-website')) return undefined;
  const m = WEBSITE_HOST.exec(name.replace(/:\d+$/, '').replace(/\.$/, ''));
  return m ? { bucket: m[1]!, region: m[2]! } : undefined;
}

const BARE_ENDPOINT = /^s3-website[.-][a-z]{2}(?:-[a-z]+)+-\d+\.amazonaws\.com(?:\.cn)?$/;

/**
 * The endpoint itself, without a bucket (`s3-website-us-east-1.amazonaws.com`): S3 answers "301 Moved Permanently …
 * redirects those requests to https://aws.amazon.com/s3/" (user guide, "Configuring a custom error document").
 */
export function isBareWebsiteEndpoint(header: string | undefined): boolean {
  if (header === undefined) return false;
  const name = header.trim().toLowerCase();
  return name.startsWith('s3-website') && BARE_ENDPOINT.test(name.replace(/:\d+$/, '').replace(/\.$/, ''));
}
