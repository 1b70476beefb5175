// AWS's message checksums: MD5OfMessageBody over the UTF-8 body, and MD5OfMessageAttributes / MD5OfMessageSystemAttributes
// over the documented length-prefixed encoding (name, type, transport byte 1=string 2=binary, value; names sorted).
import { createHash } from 'node:crypto';

/** The value parts the checksum needs; StringValue for String/Number types, BinaryValue for Binary. */
export interface ChecksumAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Uint8Array;
}

export function md5OfBody(body: string): string {
  return createHash('md5').update(body, 'utf8').digest('hex');
}

/** MD5 of a message attribute map per the SQS developer guide ("Calculating the MD5 message digest"). */
export function md5OfAttributes(attributes: Readonly<Record<string, ChecksumAttribute>>): string {
  const hash = createHash('md5');
  for (const name of Object.keys(attributes).sort()) {
    const attribute = attributes[name]!;
    updateLengthPrefixed(hash, Buffer.from(name, 'utf8'));
    updateLengthPrefixed(hash, Buffer.from(attribute.DataType, 'utf8'));
    if (attribute.BinaryValue !== undefined && attribute.DataType.startsWith('Binary')) {
      hash.update(Uint8Array.of(2));
      updateLengthPrefixed(hash, attribute.BinaryValue);
    } else {
      hash.update(Uint8Array.of(1));
      updateLengthPrefixed(hash, Buffer.from(attribute.StringValue ?? '', 'utf8'));
    }
  }
  return hash.digest('hex');
}

function updateLengthPrefixed(hash: ReturnType<typeof createHash>, bytes: Uint8Array): void {
  const length = Buffer.allocUnsafe(4);
  length.writeUInt32BE(bytes.length, 0);
  hash.update(length);
  hash.update(bytes);
}
