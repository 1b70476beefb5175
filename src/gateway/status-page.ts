// The page a browser gets at kumo's root: the version, where things listen and each service's state. AWS answers
// an unsigned GET / with 403; SDKs always sign, so only a person in a browser sees this.

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

export function statusPage(health: object): string {
  const h = health as { version?: string; dataDir?: string; services?: Record<string, string>; components?: Record<string, { state: string; endpoints?: string[] }> };
  const services = Object.entries(h.services ?? {}).map(([id, state]) => `<tr><td>${escape(id)}</td><td>${escape(state)}</td></tr>`).join('');
  const components = Object.entries(h.components ?? {})
    .map(([name, c]) => `<tr><td>${escape(name)}</td><td>${escape(c.state)}</td><td>${escape((c.endpoints ?? []).join(', '))}</td></tr>`).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>kumo ${escape(h.version ?? '')}</title></head><body>
<h1>kumo ${escape(h.version ?? '')}</h1><p>A local AWS cloud. Point aws-cli, boto3 or the AWS SDK at this address
(<code>--endpoint-url</code> or <code>AWS_ENDPOINT_URL</code>). Data: <code>${escape(h.dataDir ?? '')}</code>.
Health as JSON: <a href="/_kumo/health">/_kumo/health</a>.</p>
<h2>Components</h2><table><tr><th>name</th><th>state</th><th>listening on</th></tr>${components}</table>
<h2>Services</h2><table><tr><th>service</th><th>state</th></tr>${services}</table></body></html>`;
}
