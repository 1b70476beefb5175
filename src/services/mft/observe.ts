// The observe port (HULFT hulobsd, 31000): remote hosts ask for a send (utlrecv), a resend (utlrecv -r), a job run
// (utlrjob) or report a job's result (hulsndrc) over one framed REQUEST → RESPONSE exchange; the node checks the
// asking host's permission (SENDPERMIT, HULRJOBPERMIT, HULSNDRCPERMIT) before acting.
import { connect, type Socket } from 'node:net';
import { Channel } from '../../net/transfer/channel.js';
import { FrameType, decodeJson } from '../../net/transfer/frames.js';
import type { Messages } from '../../net/transfer/protocol.js';
import { Status, type Outcome } from '../../net/transfer/status.js';

export type ObserveRequest =
  | { kind: 'SEND_REQUEST'; host: string; fileId: string; msgs: Messages; sync: boolean }
  | { kind: 'RESEND_REQUEST'; host: string; fileId?: string; restart: boolean; sync: boolean }
  | { kind: 'REMOTE_JOB'; host: string; jobId: string; sync: boolean }
  | { kind: 'JOB_RESULT'; host: string; jobName: string; returnCode: string; message: string };

interface ObserveTarget {
  onObserve(req: ObserveRequest): Promise<Outcome>;
  settings: { socktimeMs: number };
}

function isRequest(v: Record<string, unknown>): v is ObserveRequest & Record<string, unknown> {
  if (typeof v.host !== 'string' || typeof v.sync !== 'boolean') return false;
  if (v.kind === 'SEND_REQUEST') return typeof v.fileId === 'string' && typeof v.msgs === 'object' && v.msgs !== null;
  if (v.kind === 'RESEND_REQUEST') return typeof v.restart === 'boolean' && (v.fileId === undefined || typeof v.fileId === 'string');
  if (v.kind === 'REMOTE_JOB') return typeof v.jobId === 'string';
  return false;
}

function isJobResult(v: Record<string, unknown>): boolean {
  return v.kind === 'JOB_RESULT' && typeof v.host === 'string' && typeof v.jobName === 'string' && typeof v.returnCode === 'string' && typeof v.message === 'string';
}

export async function serveObserve(socket: Socket, node: ObserveTarget): Promise<void> {
  const ch = new Channel(socket, node.settings.socktimeMs);
  try {
    const f = await ch.next();
    const body = f.type === FrameType.REQUEST ? decodeJson<Record<string, unknown>>(f) : undefined;
    const known = body !== undefined && (isRequest(body) || isJobResult(body));
    const out: Outcome = known ? await node.onObserve(body as ObserveRequest) : { statusCode: Status.PROTOCOL, detailCode: 0, message: 'expected a REQUEST frame with a known kind' };
    await ch.sendJson(FrameType.RESPONSE, out);
    ch.end();
  } catch {
    ch.destroy();
  }
}

export async function requestRemote(address: string, port: number, req: ObserveRequest, timeoutMs: number): Promise<Outcome> {
  let socket: Socket;
  try {
    socket = await new Promise<Socket>((res, rej) => {
      const s = connect({ host: address, port });
      s.once('connect', () => res(s));
      s.once('error', rej);
    });
  } catch (e) {
    return { statusCode: Status.SOCKET, detailCode: Math.abs(Number((e as NodeJS.ErrnoException).errno ?? 0)), message: `connect to ${address}:${port} failed` };
  }
  const ch = new Channel(socket, timeoutMs);
  try {
    await ch.sendJson(FrameType.REQUEST, req);
    const f = await ch.next();
    if (f.type !== FrameType.RESPONSE) return { statusCode: Status.PROTOCOL, detailCode: 0, message: `expected RESPONSE, got frame type ${f.type}` };
    return decodeJson<Outcome>(f);
  } catch (e) {
    return { statusCode: Status.SOCKET, detailCode: 0, message: (e as Error).message };
  } finally {
    ch.end();
  }
}
