// Waiting for a real process (an EC2 instance's user data, a listener) to do something: polls a check until it
// answers. This waits on another process's work, never for time to pass; time-based behaviour uses kumo.advance.

export async function until<T>(what: string, check: () => Promise<T | undefined | false>, attempts = 500): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`gave up waiting for ${what}`);
}
