// MFT status codes: HULFT's public numbers (0, 250, 301–312, 516; research §4.2) and our own fill-ins in the same ranges.
// Every failure carries statusCode + detailCode + message; both sides log it, the CLI prints it.

export const Status = {
  OK: 0,
  /** HULFT: "a server error" on the receiving side, reported to the sender. */
  RECEIVER_ERROR: 250,
  /** [D] the pre-send job ended with a non-zero exit code. */
  PRESEND_JOB_FAILED: 220,
  /** [D] the send was cancelled. */
  CANCELLED: 230,
  FILE_OPEN: 301,
  FILE_READ: 302,
  FILE_WRITE: 303,
  /** HULFT 310: socket error (connect failure, connection lost). */
  SOCKET: 310,
  /** HULFT 312: interrupt. */
  INTERRUPT: 312,
  /** [D] receiver: no Receive Management Information for the file ID. */
  NOT_REGISTERED: 501,
  /** [D] receiver: the sender is not in the RMI's transfer group. */
  GROUP_CHECK: 502,
  /** [D] cipher key mismatch (authentication failed). */
  CIPHER_KEY: 503,
  /** [D] DATAVERIFY=1 and the SHA-256 differs. */
  VERIFY: 504,
  /** [D] code conversion failed or the code set is not supported. */
  CODE_CONVERSION: 505,
  /** [D] malformed frame, unknown type, wrong length, out-of-order frame. */
  PROTOCOL: 506,
  /** [D] the receive path escapes the node's receive directory. */
  PATH_ESCAPE: 507,
  /** [D] TRANSMODE=N and the receive file already exists. */
  FILE_EXISTS: 508,
  /** [D] a delivery-information field is out of HULFT's limits (message length, IDs). */
  BAD_FIELD: 509,
  /** [D] the transfer type is not supported by this node (format/multi-format). */
  UNSUPPORTED: 510,
  /** [D] send request refused: SENDPERMIT=N for the requesting host, or the host is unknown. */
  NOT_PERMITTED: 511,
  /** [D] cloud storage (s3://) failed or is not available; the message names S3's error code. */
  CLOUD: 601,
  /** HULFT 516: receive multiplex level over. */
  RECEIVE_CAP: 516,
} as const;

export class TransferError extends Error {
  constructor(
    readonly statusCode: number,
    readonly detailCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'TransferError';
  }
}

export interface Outcome {
  statusCode: number;
  detailCode: number;
  message: string;
}

export function outcomeOf(e: unknown, fallback: number): Outcome {
  if (e instanceof TransferError) return { statusCode: e.statusCode, detailCode: e.detailCode, message: e.message };
  const err = e as NodeJS.ErrnoException;
  return { statusCode: fallback, detailCode: typeof err.errno === 'number' ? Math.abs(err.errno) : 0, message: String(err?.message ?? e) };
}
