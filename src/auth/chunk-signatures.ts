// Verifies the signatures of a signed aws-chunked body (STREAMING-AWS4-HMAC-SHA256-PAYLOAD, with or without trailer):
// each chunk signs the previous signature and its data's SHA-256, seeded by the request's own signature.
import { AwsError } from '../core/aws-error.js';
import type { SigV4Auth } from './sigv4-parse.js';
import { chunkStringToSign, credentialScope, sha256Hex, sign, signingKey, trailerStringToSign } from './sigv4.js';

/** Called by the aws-chunked decoder for every chunk (with the final empty one) and for the trailer. */
export interface StreamSignatureVerifier {
  chunk(signature: string | undefined, dataSha256Hex: string): void;
  trailer(signature: string | undefined, canonicalTrailers: string): void;
}

function mismatch(): AwsError {
  // S3 answers a wrong chunk or trailer signature as it answers a wrong request signature (S3 ErrorResponses).
  return new AwsError('SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.', { status: 403 });
}

function same(expected: string, provided: string | undefined): boolean {
  return provided !== undefined && provided.length === expected.length && provided.toLowerCase() === expected;
}

/**
 * The chain of signatures for one request (S3 API reference, "Signature calculations for the Authorization header:
 * transferring payload in multiple chunks", and the trailer variant): a missing signature fails like a wrong one.
 */
export function streamSignatureVerifier(auth: SigV4Auth, secretAccessKey: string): StreamSignatureVerifier {
  const key = signingKey(secretAccessKey, auth.date, auth.region, auth.service);
  const scope = credentialScope(auth);
  let previous = auth.signature.toLowerCase();
  return {
    chunk(signature, dataSha256Hex) {
      const expected = sign(key, chunkStringToSign(auth.amzDate, scope, previous, dataSha256Hex));
      if (!same(expected, signature)) throw mismatch();
      previous = expected;
    },
    trailer(signature, canonicalTrailers) {
      const expected = sign(key, trailerStringToSign(auth.amzDate, scope, previous, sha256Hex(canonicalTrailers)));
      if (!same(expected, signature)) throw mismatch();
      previous = expected;
    },
  };
}
