// ELB access log lines and object keys, pure: ALB entries, NLB TLS entries and CLB entries with fields in AWS's
// order, and the S3 key each log file gets (ALB, NLB and CLB user guides, "Access log files" / "Access log entries").

/** `2018-07-02T22:23:00.186641Z`: ALB's timestamps carry microseconds. */
export function isoMicros(ms: number): string {
  const d = new Date(ms);
  const micros = Math.round((ms - Math.floor(ms)) * 1000);
  return `${d.toISOString().slice(0, 19)}.${String(d.getUTCMilliseconds()).padStart(3, '0')}${String(micros).padStart(3, '0')}Z`;
}

/** `2018-12-20T02:59:40`: NLB's timestamps, to the second and without a zone letter. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** Seconds to three decimals, or -1 when the step did not happen ("-1 if the load balancer can't dispatch"). */
export function seconds(value: number | undefined): string {
  return value === undefined || value < 0 ? '-1' : (value / 1000).toFixed(3);
}

/** A quoted field: `"` and `\` escaped as AWS escapes them in request and user-agent strings. */
function quoted(value: string | undefined): string {
  if (value === undefined || value === '') return '"-"';
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function plain(value: string | number | undefined): string {
  return value === undefined || value === '' ? '-' : String(value);
}

export interface AlbEntry {
  type: 'http' | 'https';
  /** When the load balancer sent the response (runtime clock, ms). */
  time: number;
  /** `app/<name>/<id>`. */
  elb: string;
  client: string;
  target?: string;
  requestMs?: number;
  targetMs?: number;
  responseMs?: number;
  elbStatus: number;
  targetStatus?: number;
  receivedBytes: number;
  sentBytes: number;
  /** `GET http://host:80/path?q HTTP/1.1`. */
  request: string;
  userAgent?: string;
  sslCipher?: string;
  sslProtocol?: string;
  targetGroupArn?: string;
  traceId?: string;
  domainName?: string;
  chosenCertArn?: string;
  /** 0 for the default rule, the rule's priority, or undefined when no rule matched. */
  rulePriority?: number;
  requestCreated: number;
  actions: string;
  redirectUrl?: string;
  errorReason?: string;
  connTraceId: string;
}

/** One ALB access log line (ALB guide, "Access log entries": syntax and field order). */
export function albLine(e: AlbEntry): string {
  return [
    e.type,
    isoMicros(e.time),
    e.elb,
    e.client,
    plain(e.target),
    seconds(e.requestMs),
    seconds(e.targetMs),
    seconds(e.responseMs),
    plain(e.elbStatus || undefined),
    plain(e.targetStatus),
    String(e.receivedBytes),
    String(e.sentBytes),
    quoted(e.request),
    quoted(e.userAgent),
    plain(e.sslCipher),
    plain(e.sslProtocol),
    plain(e.targetGroupArn),
    quoted(e.traceId),
    quoted(e.domainName),
    quoted(e.chosenCertArn),
    plain(e.rulePriority),
    isoMicros(e.requestCreated),
    quoted(e.actions),
    quoted(e.redirectUrl),
    quoted(e.errorReason),
    quoted(e.target),
    quoted(e.targetStatus === undefined ? undefined : String(e.targetStatus)),
    quoted(undefined), // classification: "-" for requests that comply with RFC 7230 (kumo refuses the others)
    quoted(undefined), // classification_reason
    e.connTraceId,
  ].join(' ');
}

export interface NlbTlsEntry {
  /** When the connection closed (runtime clock, ms). */
  time: number;
  /** `net/<name>/<id>`. */
  elb: string;
  /** The listener's resource id (the last part of its ARN). */
  listener: string;
  client: string;
  destination: string;
  connectionMs: number;
  handshakeMs?: number;
  receivedBytes: number;
  sentBytes: number;
  chosenCertArn?: string;
  cipher?: string;
  /** `tlsv12`, `tlsv13`. */
  protocol?: string;
  domainName?: string;
  alpnFrontend?: string;
  alpnBackend?: string;
  alpnClientPreferences?: readonly string[];
  created: number;
}

/** One NLB access log line: TLS listeners only (NLB guide, "Access log entries"), version 2.0. */
export function nlbLine(e: NlbTlsEntry): string {
  return [
    'tls',
    '2.0',
    isoSeconds(e.time),
    e.elb,
    e.listener,
    e.client,
    e.destination,
    String(Math.round(e.connectionMs)),
    e.handshakeMs === undefined ? '-' : String(Math.round(e.handshakeMs)),
    String(e.receivedBytes),
    String(e.sentBytes),
    '-', // incoming_tls_alert: none sent by a client whose handshake completed
    plain(e.chosenCertArn),
    '-', // chosen_cert_serial: only for certificates other than ACM's
    plain(e.cipher),
    plain(e.protocol),
    '-', // tls_named_group
    plain(e.domainName),
    plain(e.alpnFrontend),
    plain(e.alpnBackend),
    e.alpnClientPreferences && e.alpnClientPreferences.length > 0 ? e.alpnClientPreferences.map((p) => `"${p}"`).join(',') : '-',
    isoSeconds(e.created),
  ].join(' ');
}

export interface ClbEntry {
  /** When the load balancer received the response from the instance (runtime clock, ms). */
  time: number;
  name: string;
  client: string;
  backend?: string;
  requestMs?: number;
  backendMs?: number;
  responseMs?: number;
  /** HTTP listeners only; undefined for TCP/SSL ("-"). */
  elbStatus?: number;
  backendStatus?: number;
  receivedBytes: number;
  sentBytes: number;
  /** `GET http://host:80/path HTTP/1.1`, or undefined for TCP/SSL (`"- - - "`). */
  request?: string;
  userAgent?: string;
  sslCipher?: string;
  sslProtocol?: string;
}

/** One CLB access log line (CLB guide, "Access log entries"). */
export function clbLine(e: ClbEntry): string {
  return [
    isoMicros(e.time),
    e.name,
    e.client,
    plain(e.backend),
    seconds(e.requestMs),
    seconds(e.backendMs),
    seconds(e.responseMs),
    plain(e.elbStatus),
    plain(e.backendStatus),
    String(e.receivedBytes),
    String(e.sentBytes),
    e.request === undefined ? '"- - - "' : quoted(e.request),
    quoted(e.userAgent),
    plain(e.sslCipher),
    plain(e.sslProtocol),
  ].join(' ');
}

export type LogKind = 'app' | 'net' | 'classic';

export interface LogFileSpec {
  kind: LogKind;
  account: string;
  region: string;
  prefix: string;
  /** ALB/NLB: the ARN's resource id with `/` as `.` (`app.my-lb.50dc6c495c0c9188`); CLB: the name. */
  lbId: string;
  /** The node's address (ALB and CLB name it; NLB does not). */
  nodeIp: string;
  /** ALB connection and health check logs: files named `conn_log_…` and `health_check_log_…`; absent for access logs. */
  log?: 'connection' | 'health';
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** `[prefix/]AWSLogs/<acct>/elasticloadbalancing/<region>/yyyy/mm/dd/<acct>_elasticloadbalancing_<region>_<lb>_
 *  <end>_<ip>_<random>.log[.gz]`: ALB and NLB files are gzip, CLB's plain text; NLB's name has no address. */
export function logKey(spec: LogFileSpec, endMs: number, random: string): string {
  const d = new Date(endMs);
  const day = `${d.getUTCFullYear()}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}`;
  const end = `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}T${two(d.getUTCHours())}${two(d.getUTCMinutes())}Z`;
  // ALB guide, "Connection log files" and "Health check log files": the access log name behind a prefix.
  const logPrefix = spec.log === 'connection' ? 'conn_log_' : spec.log === 'health' ? 'health_check_log_' : '';
  const base = `${logPrefix}${spec.account}_elasticloadbalancing_${spec.region}_${spec.lbId}_${end}`;
  const file = spec.kind === 'net' ? `${base}_${random}.log.gz` : spec.kind === 'app' ? `${base}_${spec.nodeIp}_${random}.log.gz` : `${base}_${spec.nodeIp}_${random}.log`;
  const prefix = spec.prefix ? `${spec.prefix.replace(/\/+$/, '')}/` : '';
  return `${prefix}AWSLogs/${spec.account}/elasticloadbalancing/${spec.region}/${day}/${file}`;
}

/** `app.my-lb.50dc6c495c0c9188` from the load balancer's ARN. */
export function lbLogId(lbArn: string): string {
  return lbArn.slice(lbArn.indexOf(':loadbalancer/') + ':loadbalancer/'.length).replace(/\//g, '.');
}

/** `app/my-lb/50dc6c495c0c9188`: the elb field of ALB and NLB entries. */
export function lbResourceId(lbArn: string): string {
  return lbArn.slice(lbArn.indexOf(':loadbalancer/') + ':loadbalancer/'.length);
}

export interface ConnectionEntry {
  /** When the connection was established (TLS: the handshake finished) or failed (runtime clock, ms). */
  time: number;
  clientIp: string;
  clientPort: number;
  listenerPort: number;
  /** `TLSv1.2`, `TLSv1.3`; undefined on HTTP listeners. */
  tlsProtocol?: string;
  tlsCipher?: string;
  /** Undefined on HTTP listeners and for failed handshakes. */
  handshakeMs?: number;
  /** `Success` or `Failed:<code>` on HTTPS listeners; undefined on HTTP ones. */
  verifyStatus?: string;
  connTraceId: string;
  /** The key exchange group (`X25519`). */
  keyExchange?: string;
  /** `app/<name>/<id>`. */
  elb: string;
  nodeIp: string;
}

/**
 * One ALB connection log line (ALB guide, "Connection log entries": 15 fields in order). kumo has no mutual TLS
 * (trust stores answer NotImplemented), so the leaf client certificate fields are always `-`, the subject quoted as
 * the guide's example and Athena's table quote it.
 */
export function connectionLine(e: ConnectionEntry): string {
  return [
    isoMicros(e.time),
    e.clientIp,
    String(e.clientPort),
    String(e.listenerPort),
    plain(e.tlsProtocol),
    plain(e.tlsCipher),
    e.handshakeMs === undefined ? '-' : (e.handshakeMs / 1000).toFixed(3),
    '"-"', // leaf_client_cert_subject
    '-', // leaf_client_cert_validity
    '-', // leaf_client_cert_serial_number
    plain(e.verifyStatus),
    e.connTraceId,
    plain(e.keyExchange),
    e.elb,
    e.nodeIp,
  ].join(' ');
}

export interface HealthCheckEntry {
  /** `http` or `https`: the target group's health check protocol. */
  type: string;
  /** When the check started (runtime clock, ms). */
  time: number;
  latencyMs: number;
  /** `ip:port`. */
  target: string;
  /** The target group's name. */
  targetGroup: string;
  pass: boolean;
  statusCode?: number;
  /** `TimedOut`, `ConnectionReset`, `ResponseCodeMismatch`, `TargetError` (undefined when the check passed). */
  reason?: string;
  elb: string;
  nodeIp: string;
}

/** One ALB health check log line (ALB guide, "Health check log entries": 10 fields in order; latency as in the
 *  guide's example, seconds to nanoseconds). */
export function healthCheckLine(e: HealthCheckEntry): string {
  return [e.type, isoMicros(e.time), (e.latencyMs / 1000).toFixed(9), e.target, e.targetGroup, e.pass ? 'PASS' : 'FAIL', plain(e.statusCode), plain(e.reason), e.elb, e.nodeIp].join(' ');
}
