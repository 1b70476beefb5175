// A minimal logger: one line per request when asked for (KUMO_DEBUG=requests), stacks for internal failures,
// and phase timings for KUMO_DEBUG=pipeline. Writes to stderr so stdout stays for the Ready line.

export interface Logger {
  info(message: string): void;
  error(message: string, error?: unknown): void;
  debugEnabled(topic: string): boolean;
}

export function consoleLogger(debugTopics: readonly string[]): Logger {
  return {
    info: (message) => process.stderr.write(`${message}\n`),
    error: (message, error) => {
      const stack = error instanceof Error ? error.stack ?? error.message : error === undefined ? '' : String(error);
      process.stderr.write(`${message}${stack ? `\n${stack}` : ''}\n`);
    },
    debugEnabled: (topic) => debugTopics.includes(topic) || debugTopics.includes('all'),
  };
}

export const silentLogger: Logger = { info: () => {}, error: () => {}, debugEnabled: () => false };
