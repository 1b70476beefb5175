// The CLB request plan: X-Forwarded-* appended for the backend, 503 with CLB's reason when no instance is InService,
// and AWSELB stickiness: an LB cookie set on a fresh pick and honoured on the next request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRequestHead, type ForwardPlan } from '../../../net/proxy/index.js';
import { planClbRequest, stickToken, type Backend, type HttpRoute } from './http-handler.js';

const client = { remoteAddress: '::ffff:127.0.0.1', remotePort: 5555, localAddress: '127.77.0.1', localPort: 80 };
const backends: Backend[] = [{ id: 'i-a', host: '127.100.0.1' }, { id: 'i-b', host: '127.100.0.2' }];

function route(sticky?: HttpRoute['sticky']): HttpRoute {
  let next = 0;
  return { proto: 'http', awsPort: 80, backendPort: 10080, idleTimeoutMs: 60_000, ...(sticky ? { sticky } : {}), pick: () => backends[next++ % 2], byId: (id) => backends.find((b) => b.id === id) };
}

function head(extra = ''): ReturnType<typeof parseRequestHead> {
  const raw = Buffer.from(`GET /x HTTP/1.1\r\nHost: lb\r\nX-Forwarded-Proto: forged\r\n${extra}\r\n`, 'latin1');
  return parseRequestHead(raw, raw.length);
}

test('a forwarded request carries X-Forwarded-For, -Proto and -Port and goes to the picked instance at the backend port', () => {
  const plan = planClbRequest(head('X-Forwarded-For: 10.0.0.1\r\n'), client, route()) as ForwardPlan;
  assert.equal(plan.kind, 'forward');
  assert.deepEqual(plan.target, { host: '127.100.0.1', port: 10080 });
  assert.match(plan.head, /X-Forwarded-For: 10\.0\.0\.1, 127\.0\.0\.1\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Port: 80\r\n/);
  assert.doesNotMatch(plan.head, /forged/);
});

test('no InService instance: 503 "Service Unavailable: Back-end server is at capacity"', () => {
  const plan = planClbRequest(head(), client, { ...route(), pick: () => undefined });
  assert.equal(plan.kind, 'respond');
  assert.match(plan.kind === 'respond' ? plan.response.toString('latin1') : '', /^HTTP\/1\.1 503 Service Unavailable: Back-end server is at capacity\r\n/);
});

test('LB cookie stickiness: a fresh pick sets AWSELB with MAX-AGE, a request carrying it goes to that instance and sets none', () => {
  const fresh = planClbRequest(head(), client, route({ kind: 'lb', maxAge: 60 })) as ForwardPlan;
  assert.deepEqual(fresh.responseEdits, { append: ['Set-Cookie', `AWSELB=${stickToken('i-a')};PATH=/;MAX-AGE=60`] });
  const stuck = planClbRequest(head(`Cookie: x=1; AWSELB=${stickToken('i-b')}\r\n`), client, route({ kind: 'lb' })) as ForwardPlan;
  assert.equal(stuck.target.host, '127.100.0.2');
  assert.equal(stuck.responseEdits, undefined);
});
