// One codec per wire protocol, looked up by the protocol name the router chose.
import type { Protocol } from '../core/model.js';
import type { Codec } from './codec.js';
import { ec2Codec } from './ec2.js';
import { jsonCodec } from './json.js';
import { queryCodec } from './query.js';
import { restJsonCodec } from './rest-json.js';
import { restXmlCodec } from './rest-xml.js';
import { rpcV2CborCodec } from './rpc-v2-cbor.js';

const CODECS: Readonly<Record<Protocol, Codec>> = {
  query: queryCodec,
  ec2: ec2Codec,
  json: jsonCodec,
  'rest-json': restJsonCodec,
  'rest-xml': restXmlCodec,
  'smithy-rpc-v2-cbor': rpcV2CborCodec,
};

export function codecFor(protocol: Protocol): Codec {
  return CODECS[protocol];
}
