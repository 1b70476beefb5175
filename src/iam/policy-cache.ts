// Compiled policies cached by document text: the same document (a managed policy attached to many users, a bucket
// policy read on every request) compiles once; an edited document is new text, so a change applies to the next request.
import { compilePolicy, type CompiledPolicy } from './compile.js';

export class PolicyCache {
  private readonly entries = new Map<string, CompiledPolicy>();

  constructor(private readonly capacity = 4096) {}

  /** The compiled form of text (with the managed policy's ARN, if any). */
  get(text: string, arn?: string): CompiledPolicy {
    const key = arn === undefined ? text : `${arn}\n${text}`;
    const hit = this.entries.get(key);
    if (hit) {
      // Refresh its place so the least recently used entry is evicted first.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const compiled = compilePolicy(text, arn);
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, compiled);
    return compiled;
  }

  get size(): number {
    return this.entries.size;
  }
}
