// Reachability Analyzer's API over kumo's verdict: CreateNetworkInsightsPath, StartNetworkInsightsAnalysis (computed
// at once; the stored analysis is `succeeded`), DescribeNetworkInsightsAnalyses with path components and explanation
// codes, plus `reach()` for GET /_kumo/ec2/reachability and `kumo ec2 reach`.
import type { RequestContext } from '../../core/request-context.js';
import type * as api from '../../generated/ec2/api.js';
import { type Ec2Context, describe, isoNow, next, scopeOf, tagsFor } from './context.js';
import { ec2Error, notFound } from './errors.js';
import type { FilterFields } from './filters.js';
import { ec2Id } from './ids.js';
import { buildNetworkModel, checkProtocol, ipVersionOf, resolveEndpoint } from './network-model.js';
import { type Hop, type NetworkModel, type Verdict, analyzeReachability } from './reachability.js';
import type { InsightsAnalysisRecord, InsightsPathRecord } from './records.js';
import type { Scope } from './resource-store.js';

export interface ReachQuery {
  from: string;
  to: string;
  protocol: string;
  port: number;
  fromIp?: string | undefined;
  toIp?: string | undefined;
  /** The client's source port, when known (the return path's NACLs are then judged on it, not on 1024–65535). */
  sourcePort?: number | undefined;
}

/** The verdict for a question in one account and region (used by the API, the HTTP route and the CLI). */
export function reach(ec2: Ec2Context, scope: Scope, q: ReachQuery): Verdict {
  return verdictIn(ec2, scope, buildNetworkModel(ec2, scope), q);
}

/**
 * The verdicts for many questions against one state of the store: the network model is built once and each question
 * is walked in it (analyzeReachability reads the model only), so a batch costs one model plus a walk per question
 * instead of a model per question. Each answer is as `reach` would give it (an error becomes that question's `error`).
 */
export function reachMany(ec2: Ec2Context, scope: Scope, qs: readonly ReachQuery[]): (Verdict | { error: Error })[] {
  const model = buildNetworkModel(ec2, scope);
  return qs.map((q) => {
    try {
      return verdictIn(ec2, scope, model, q);
    } catch (e) {
      return { error: e as Error };
    }
  });
}

function verdictIn(ec2: Ec2Context, scope: Scope, model: NetworkModel, q: ReachQuery): Verdict {
  const source = resolveEndpoint(ec2, scope, model, q.from, q.fromIp, 'source');
  const destination = resolveEndpoint(ec2, scope, model, q.to, q.toIp, 'destination');
  if ('internetAddress' in source && 'internetAddress' in destination) throw ec2Error('InvalidParameterValue', 'The source and the destination cannot both be outside the VPC.');
  if (!Number.isInteger(q.port) || q.port < 0 || q.port > 65535) throw ec2Error('InvalidParameterValue', `Value (${q.port}) for parameter destinationPort is invalid.`);
  return analyzeReachability(model, { source, destination, protocol: checkProtocol(q.protocol), port: q.port, ipVersion: ipVersionOf(q.from, q.to, q.fromIp, q.toIp), ...(q.sourcePort !== undefined ? { sourcePorts: [q.sourcePort, q.sourcePort] as const } : {}) });
}

const PATH_FIELDS: FilterFields<InsightsPathRecord> = {
  'source': (p) => p.Source, 'destination': (p) => p.Destination, 'protocol': (p) => p.Protocol, 'destination-port': (p) => p.DestinationPort,
};

export function createNetworkInsightsPath(ec2: Ec2Context, ctx: RequestContext, input: api.CreateNetworkInsightsPathRequest): api.CreateNetworkInsightsPathResult {
  const scope = scopeOf(ctx);
  if (input.Destination === undefined && input.DestinationIp === undefined) throw ec2Error('MissingParameter', 'The request must contain the parameter destination or destinationIp');
  const protocol = checkProtocol(input.Protocol ?? '');
  // Validate both ends now, as EC2 refuses unknown resources at creation.
  const model = buildNetworkModel(ec2, scope);
  resolveEndpoint(ec2, scope, model, input.Source, input.SourceIp, 'source');
  resolveEndpoint(ec2, scope, model, input.Destination ?? input.DestinationIp!, input.DestinationIp, 'destination');
  const id = ec2Id('nip');
  const arnOf = (r: string | undefined) => (r === undefined ? undefined : `arn:aws:ec2:${scope.region}:${scope.account}:${kindOf(r)}/${r}`);
  const path: InsightsPathRecord = {
    NetworkInsightsPathId: id,
    NetworkInsightsPathArn: `arn:aws:ec2:${scope.region}:${scope.account}:network-insights-path/${id}`,
    CreatedDate: isoNow(ec2),
    Source: input.Source,
    Protocol: protocol as api.Protocol,
    Tags: tagsFor(input.TagSpecifications, 'network-insights-path'),
    ...(arnOf(input.Source) ? { SourceArn: arnOf(input.Source)! } : {}),
    ...(input.Destination !== undefined ? { Destination: input.Destination, DestinationArn: arnOf(input.Destination)! } : {}),
    ...(input.SourceIp !== undefined ? { SourceIp: input.SourceIp } : {}),
    ...(input.DestinationIp !== undefined ? { DestinationIp: input.DestinationIp } : {}),
    ...(input.DestinationPort !== undefined ? { DestinationPort: input.DestinationPort } : {}),
  };
  ec2.store.write((uow) => uow.put(scope, 'nip', id, path));
  return { NetworkInsightsPath: path };
}

function kindOf(resource: string): string {
  if (resource.startsWith('i-')) return 'instance';
  if (resource.startsWith('eni-')) return 'network-interface';
  if (resource.startsWith('igw-')) return 'internet-gateway';
  if (resource.startsWith('vgw-')) return 'vpn-gateway';
  return 'resource';
}

export function describeNetworkInsightsPaths(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeNetworkInsightsPathsRequest): api.DescribeNetworkInsightsPathsResult {
  const all = ec2.store.list<InsightsPathRecord>(scopeOf(ctx), 'nip');
  const r = describe(all, { ids: input.NetworkInsightsPathIds, idOf: (p) => p.NetworkInsightsPathId, notFoundPrefix: 'nip', filters: input.Filters, fields: PATH_FIELDS, maxResults: input.MaxResults, nextToken: input.NextToken, limits: [1, 100] });
  return { NetworkInsightsPaths: r.page, ...next(r) };
}

export function deleteNetworkInsightsPath(ec2: Ec2Context, ctx: RequestContext, input: api.DeleteNetworkInsightsPathRequest): api.DeleteNetworkInsightsPathResult {
  const scope = scopeOf(ctx);
  return ec2.store.write((uow) => {
    if (!uow.get(scope, 'nip', input.NetworkInsightsPathId)) throw notFound('nip', input.NetworkInsightsPathId ?? '');
    if (uow.list<InsightsAnalysisRecord>(scope, 'nia').some((a) => a.NetworkInsightsPathId === input.NetworkInsightsPathId)) {
      throw ec2Error('DependencyViolation', `Network Insights Path ${input.NetworkInsightsPathId} has dependent analyses`);
    }
    uow.delete(scope, 'nip', input.NetworkInsightsPathId);
    return { NetworkInsightsPathId: input.NetworkInsightsPathId };
  });
}

function component(id: string): api.AnalysisComponent {
  return { Id: id };
}

/** One verdict hop as a PathComponent (the components Reachability Analyzer lists for a path). */
function pathComponent(hop: Hop, n: number): api.PathComponent {
  const pc: api.PathComponent = { SequenceNumber: n, Component: component(hop.id) };
  if (hop.component === 'route-table' && hop.rule) pc.RouteTableRoute = { DestinationCidr: hop.rule, State: 'active' };
  if (hop.component === 'network-acl' && hop.rule) pc.AclRule = { RuleNumber: hop.rule === '*' ? 32767 : Number(hop.rule), RuleAction: hop.verdict };
  if (hop.component === 'security-group') pc.SecurityGroupRule = { SecurityGroupId: hop.id, Direction: hop.detail.startsWith(`${hop.id} rule`) && hop.detail.includes('egress') ? 'egress' : 'ingress' };
  return pc;
}

function explanation(v: Verdict): api.Explanation[] {
  const b = v.blocking;
  if (!b) return [];
  const e: api.Explanation = { ExplanationCode: b.explanationCode, Direction: b.direction === 'forward' ? 'egress' : 'ingress', Component: component(b.id) };
  if (b.component === 'network-acl') {
    e.Acl = component(b.id);
    if (b.rule) e.AclRule = { RuleNumber: b.rule === '*' ? 32767 : Number(b.rule), RuleAction: 'deny' };
  }
  if (b.component === 'security-group') e.SecurityGroups = b.id.split(',').map(component);
  if (b.component === 'route-table') e.RouteTable = component(b.id);
  if (b.component === 'internet-gateway') e.InternetGateway = component(b.id);
  if (b.component === 'nat-gateway') e.NatGateway = component(b.id);
  if (b.component === 'vpc-peering-connection') e.VpcPeeringConnection = component(b.id);
  if (b.component === 'network-interface') e.NetworkInterface = component(b.id);
  if (b.component === 'vpn-gateway') e.VpnGateway = component(b.id);
  return [e];
}

export function startNetworkInsightsAnalysis(ec2: Ec2Context, ctx: RequestContext, input: api.StartNetworkInsightsAnalysisRequest): api.StartNetworkInsightsAnalysisResult {
  const scope = scopeOf(ctx);
  const path = ec2.store.get<InsightsPathRecord>(scope, 'nip', input.NetworkInsightsPathId);
  if (!path) throw notFound('nip', input.NetworkInsightsPathId ?? '');
  const verdict = reach(ec2, scope, {
    from: path.Source!, to: path.Destination ?? path.DestinationIp!, protocol: path.Protocol!, port: path.DestinationPort ?? 0, fromIp: path.SourceIp, toIp: path.DestinationIp,
  });
  const id = ec2Id('nia');
  const analysis: InsightsAnalysisRecord = {
    NetworkInsightsAnalysisId: id,
    NetworkInsightsAnalysisArn: `arn:aws:ec2:${scope.region}:${scope.account}:network-insights-analysis/${id}`,
    NetworkInsightsPathId: path.NetworkInsightsPathId!,
    StartDate: isoNow(ec2),
    Status: 'succeeded',
    NetworkPathFound: verdict.reachable,
    ForwardPathComponents: verdict.hops.filter((h) => h.direction === 'forward' && h.verdict === 'allow').map((h, i) => pathComponent(h, i + 1)),
    ReturnPathComponents: verdict.hops.filter((h) => h.direction === 'return' && h.verdict === 'allow').map((h, i) => pathComponent(h, i + 1)),
    Explanations: explanation(verdict),
    Tags: tagsFor(input.TagSpecifications, 'network-insights-analysis'),
  };
  ec2.store.write((uow) => uow.put(scope, 'nia', id, analysis));
  // EC2 answers the start while the analysis runs; DescribeNetworkInsightsAnalyses shows the result.
  return { NetworkInsightsAnalysis: { NetworkInsightsAnalysisId: id, NetworkInsightsAnalysisArn: analysis.NetworkInsightsAnalysisArn!, NetworkInsightsPathId: path.NetworkInsightsPathId!, StartDate: analysis.StartDate!, Status: 'running', Tags: analysis.Tags! } };
}

export function describeNetworkInsightsAnalyses(ec2: Ec2Context, ctx: RequestContext, input: api.DescribeNetworkInsightsAnalysesRequest): api.DescribeNetworkInsightsAnalysesResult {
  let all = ec2.store.list<InsightsAnalysisRecord>(scopeOf(ctx), 'nia');
  if (input.NetworkInsightsPathId !== undefined) all = all.filter((a) => a.NetworkInsightsPathId === input.NetworkInsightsPathId);
  const fields: FilterFields<InsightsAnalysisRecord> = { 'path-found': (a) => a.NetworkPathFound, 'status': (a) => a.Status };
  const r = describe(all, { ids: input.NetworkInsightsAnalysisIds, idOf: (a) => a.NetworkInsightsAnalysisId, notFoundPrefix: 'nia', filters: input.Filters, fields, maxResults: input.MaxResults, nextToken: input.NextToken, limits: [1, 100] });
  return { NetworkInsightsAnalyses: r.page, ...next(r) };
}

export function deleteNetworkInsightsAnalysis(ec2: Ec2Context, ctx: RequestContext, input: api.DeleteNetworkInsightsAnalysisRequest): api.DeleteNetworkInsightsAnalysisResult {
  const scope = scopeOf(ctx);
  return ec2.store.write((uow) => {
    if (!uow.get(scope, 'nia', input.NetworkInsightsAnalysisId)) throw notFound('nia', input.NetworkInsightsAnalysisId ?? '');
    uow.delete(scope, 'nia', input.NetworkInsightsAnalysisId);
    return { NetworkInsightsAnalysisId: input.NetworkInsightsAnalysisId };
  });
}
