// checkHost: the first phase. Refuses a request whose Host is not a name kumo answers (DNS rebinding: a web page whose
// own name now resolves to 127.0.0.1 still sends that name), and holds the browser-origin rules the CORS phases share.
import type { KumoConfig } from '../../config.js';
import { AwsError } from '../../core/aws-error.js';
import type { ServiceRegistry } from '../../runtime/service-registry.js';
import { AllowedHosts, hostName } from '../allowed-hosts.js';
import type { PipelineContext } from '../pipeline-context.js';

/** Builds the allowed-host list once: kumo's own names, KUMO_ALLOWED_HOSTS, and every enabled service's rule. */
export function allowedHostsFor(config: KumoConfig, services: ServiceRegistry): AllowedHosts {
  const hosts = new AllowedHosts(config.host, config.allowedHosts);
  for (const s of services.enabled) {
    const rule = services.descriptor(s.id)?.hostRule;
    if (rule) hosts.addRule(rule);
  }
  return hosts;
}

export function checkHost(hosts: AllowedHosts, services?: ServiceRegistry) {
  const sites = services?.enabled.filter((s) => services.descriptor(s.id)?.siteHosts === true).map((s) => s.id) ?? [];
  // Synchronous for an allowed Host (every ordinary request); only another name waits on the sites.
  return function checkHostPhase(ctx: PipelineContext): void | Promise<void> {
    const host = ctx.wire.headers['host'];
    if (hosts.allows(host)) return;
    return siteOrRefuse(ctx, host);
  };

  async function siteOrRefuse(ctx: PipelineContext, host: string | undefined): Promise<void> {
    // A public site at this name (an S3 website's custom domain) is answered by that site alone, never routed on:
    // a rebinding page may read only what the site shows any visitor (docs/security.md).
    for (const id of sites) {
      const site = (await services!.instance(id))?.http?.site?.(ctx.wire, ctx.request.requestId);
      if (!site) continue;
      ctx.descriptor = services!.descriptor(id);
      ctx.response = await site;
      return;
    }
    throw new AwsError('InvalidHostHeader',
      `kumo does not answer requests for the host '${hostName(host ?? '')}': only loopback names and addresses, the --host address and names kumo serves are accepted, so that a web page cannot reach kumo by pointing its own name at this machine (DNS rebinding). To accept this name, add it to KUMO_ALLOWED_HOSTS.`,
      { status: 403 });
  }
}

/**
 * May a browser page of this origin call kumo beyond what S3 bucket CORS rules grant? Only origins listed in
 * KUMO_CORS_ORIGINS (`*` for any real origin; `null`, sent by sandboxed frames and files, only when listed), and
 * pages kumo serves itself (its status page).
 */
export function originAllowed(config: KumoConfig, origin: string, host: string | undefined): boolean {
  if (config.corsOrigins.includes(origin)) return true;
  if (origin !== 'null' && config.corsOrigins.includes('*')) return true;
  return host !== undefined && origin.toLowerCase() === `http://${host.toLowerCase()}`;
}
