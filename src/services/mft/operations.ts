// kumo's own MFT API (models/kumo/mft.json, rest-json): node CRUD, management-information CRUD per type in the shape
// of HULFT10 Container's management API, and transfer operations (send, send request, resend, history).
import type * as api from '../../generated/mft/api.js';
import { modeledError } from '../../generated/mft/errors.js';
import type { Outcome } from '../../net/transfer/status.js';
import { operationTable } from '../service-definition.js';
import { DefinitionError, validate, type Definition } from './definitions.js';
import type { MftNodes, NodeRecord } from './nodes.js';
import { publicView, validateIdentity, type S3Identity } from './identity.js';

function toApi(d: Definition): api.Definition {
  return { Kind: d.kind, Id: d.id, Fields: d.fields, List: d.list };
}

/** The API's identity fields (HULFT's Storage Authentication Information keys, in PascalCase). */
function identityOf(i: api.S3Identity): S3Identity {
  const out: S3Identity = {};
  if (i.AccessKey !== undefined) out.accessKey = i.AccessKey;
  if (i.SecretAccessKey !== undefined) out.secretAccessKey = i.SecretAccessKey;
  if (i.SessionToken !== undefined) out.sessionToken = i.SessionToken;
  if (i.SwitchRoleArn !== undefined) out.switchRoleArn = i.SwitchRoleArn;
  if (i.ExternalId !== undefined) out.externalId = i.ExternalId;
  if (i.RoleSessionName !== undefined) out.roleSessionName = i.RoleSessionName;
  return out;
}

function toNode(nodes: MftNodes, r: NodeRecord): api.Node {
  return {
    Name: r.name, Address: r.address, Port: r.port, ObservePort: r.obsPort, CodeSet: r.codeSet, DataDir: nodes.dataDir(r.name),
    ...(r.identity ? { S3Identity: publicView(r.identity) } : {}),
  };
}

function transfer(o: Outcome & { transferId?: string }, id?: string): api.TransferResult {
  return { ...(id ?? o.transferId ? { TransferId: id ?? o.transferId } : {}), StatusCode: o.statusCode, DetailCode: o.detailCode, Message: o.message };
}

/** Management-information and CLI-level validation errors answer ValidationException, never a 500. */
async function validating<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof DefinitionError) throw modeledError('ValidationException', e.message);
    throw e;
  }
}

function msgs(m: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}

export const MFT_OPERATIONS = operationTable<api.MftApi, MftNodes>()({
  CreateNode: (nodes, _ctx, input) =>
    validating(async () => {
      const identity = input.S3Identity ? validateIdentity(identityOf(input.S3Identity)) : undefined;
      const rec = { name: input.Name, address: input.Address, port: input.Port ?? 30000, obsPort: input.ObservePort ?? 31000, codeSet: input.CodeSet ?? '8' };
      if (identity) await nodes.checkIdentity(identity);
      await nodes.create(rec);
      return toNode(nodes, identity ? await nodes.setIdentity(rec.name, identity) : rec);
    }),
  ListNodes: (nodes) => ({ Nodes: nodes.records().map((r) => toNode(nodes, r)) }),
  DeleteNode: async (nodes, _ctx, input) => {
    await nodes.delete(input.Name);
  },
  PutNodeIdentity: (nodes, _ctx, input) => validating(async () => toNode(nodes, await nodes.setIdentity(input.Name, validateIdentity(identityOf(input))))),
  DeleteNodeIdentity: async (nodes, _ctx, input) => toNode(nodes, await nodes.setIdentity(input.Name, undefined)),
  PutDefinition: (nodes, _ctx, input) =>
    validating(async () => {
      const node = await nodes.node(input.Node);
      const d = validate({ kind: input.Kind, id: input.Id, fields: input.Fields ?? {}, list: input.List ?? [] });
      node.store.putDef(d, true);
      return toApi(d);
    }),
  GetDefinition: async (nodes, _ctx, input) => {
    const d = (await nodes.node(input.Node)).def(input.Kind, input.Id);
    if (!d) throw modeledError('ResourceNotFoundException', `${input.Kind} information ${input.Id} does not exist`);
    return toApi(d);
  },
  DeleteDefinition: async (nodes, _ctx, input) => {
    const node = await nodes.node(input.Node);
    const id = input.Kind === 'snd' || input.Kind === 'rcv' ? input.Id.toUpperCase() : input.Id;
    if (!node.store.deleteDef(input.Kind, id)) throw modeledError('ResourceNotFoundException', `${input.Kind} information ${input.Id} does not exist`);
  },
  ListDefinitions: async (nodes, _ctx, input) => ({ Definitions: (await nodes.node(input.Node)).store.listDefs(input.Kind).map(toApi) }),
  SendFile: (nodes, _ctx, input) =>
    validating(async () => {
      const r = await (await nodes.node(input.Node)).send({
        fileId: input.FileId,
        ...(input.Host ? { host: input.Host } : {}),
        ...(input.Group ? { group: input.Group } : {}),
        ...(input.Priority !== undefined ? { priority: input.Priority } : {}),
        msgs: msgs(input.Messages),
        sync: input.Sync === true,
        // The API caller administers the node: host and group overrides need no dynparam.
        trusted: true,
      });
      return { Transfers: r.transferIds.map((id, i) => (r.outcomes[i] ? transfer(r.outcomes[i], id) : { TransferId: id })) };
    }),
  RequestSend: (nodes, _ctx, input) =>
    validating(async () => {
      const res = await (await nodes.node(input.Node)).requestSend({ fileId: input.FileId, ...(input.Host ? { host: input.Host } : {}), msgs: msgs(input.Messages), sync: input.Sync === true });
      return { Results: res.map((o) => transfer(o)) };
    }),
  ResendFile: async (nodes, _ctx, input) => {
    const node = await nodes.node(input.Node);
    const ids = node.sends.resend({ ...(input.Host ? { host: input.Host } : {}), ...(input.FileId ? { fileId: input.FileId } : {}), restart: input.Restart === true });
    const outcomes = input.Sync === true ? await node.sends.wait(ids) : [];
    return { Transfers: ids.map((id, i) => (outcomes[i] ? transfer(outcomes[i], id) : { TransferId: id })) };
  },
  ListHistory: async (nodes, _ctx, input) => ({
    Entries: (await nodes.node(input.Node)).store
      .logs(input.Side, { ...(input.FileId ? { fileId: input.FileId.toUpperCase() } : {}), ...(input.Host ? { host: input.Host } : {}) })
      .map((l) => ({
        TransferId: l.transferId,
        FileId: l.fileId,
        Host: l.host,
        FileName: l.fileName,
        TransType: l.transType,
        StartTime: l.start,
        EndTime: l.end,
        Bytes: l.bytes,
        Records: l.records,
        StatusCode: l.statusCode,
        DetailCode: l.detailCode,
        Message: l.message,
        CodeConversion: l.codeConv,
        Compression: l.comp,
        Cipher: l.cipher,
        StartOffset: l.startOffset,
        Sha256: l.sha256,
      })),
  }),
});
