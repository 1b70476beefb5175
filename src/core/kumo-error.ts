// KumoError: the exception for emulator-internal failures (config, startup, store), never sent as an AWS error.
// Each carries a coded name `KUMO_ERR_<AREA>_<WHAT>` listed in docs/errors.md so operators can look it up.

export type KumoErrorCode = `KUMO_ERR_${string}`;

export class KumoError extends Error {
  readonly code: KumoErrorCode;

  constructor(code: KumoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = code;
    this.code = code;
  }
}

export function isKumoError(e: unknown, code?: KumoErrorCode): e is KumoError {
  return e instanceof KumoError && (code === undefined || e.code === code);
}
