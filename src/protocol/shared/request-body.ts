// The request body a codec should parse: decompressed when the client sent Content-Encoding gzip (SDK v3 gzips
// CloudWatch PutMetricData above 10 KiB, per the requestCompression trait) and read once.
import { gunzipSync, inflateSync } from 'node:zlib';
import { AwsError } from '../../core/aws-error.js';
import type { WireRequest } from '../codec.js';

export function decodedBody(req: WireRequest): Buffer {
  const header = req.headers['content-encoding'];
  if (header === undefined) return req.body; // the usual request: nothing to undo, no arrays per request
  const encodings = header
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '' && e !== 'identity');
  let body = req.body;
  // Encodings apply in the order listed, so undo them from the last one back.
  for (const encoding of encodings.reverse()) {
    try {
      if (encoding === 'gzip') body = gunzipSync(body);
      else if (encoding === 'deflate') body = inflateSync(body);
    } catch {
      throw new AwsError('SerializationException', `The request body could not be decoded as ${encoding}.`, { status: 400 });
    }
  }
  return body;
}
