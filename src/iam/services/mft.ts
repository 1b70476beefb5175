// MFT is kumo's own service (models/kumo/mft.json), so no Service Authorization Reference covers it: its actions,
// resource types and condition key are declared here in the reference's terms, under the IAM prefix `mft`.
import type { OwnAction, ServiceAuthorization } from '../action-map.js';

/** A node: arn:aws:mft::<account>:node/<name>; a definition: …:node/<name>/definition/<kind>/<id> (global service). */
const NODE = { arn: 'arn:${Partition}:mft::${Account}:node/${NodeName}', required: true };
const DEFINITION = { arn: 'arn:${Partition}:mft::${Account}:node/${NodeName}/definition/${Kind}/${Id}', required: true };

const onNode: OwnAction = { resources: [NODE] };
const onDefinition: OwnAction = { resources: [DEFINITION], conditionKeys: ['mft:DefinitionKind'] };

export const MFT_AUTHORIZATION: ServiceAuthorization = {
  prefix: 'mft',
  ownActions: {
    CreateNode: onNode,
    DeleteNode: onNode,
    PutNodeIdentity: onNode,
    DeleteNodeIdentity: onNode,
    ListNodes: { resources: [] },
    PutDefinition: onDefinition,
    GetDefinition: onDefinition,
    DeleteDefinition: onDefinition,
    ListDefinitions: { resources: [NODE], conditionKeys: ['mft:DefinitionKind'] },
    SendFile: onNode,
    RequestSend: onNode,
    ResendFile: onNode,
    ListHistory: onNode,
  },
  resourceVariables: (_op, input) => ({ NodeName: typeof input.Name === 'string' ? input.Name : typeof input.Node === 'string' ? input.Node : undefined }),
  conditionValues: (_op, input) => ({ 'mft:DefinitionKind': typeof input.Kind === 'string' ? input.Kind : undefined }),
};
