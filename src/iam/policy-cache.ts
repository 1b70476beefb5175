// Compiled policies cached by document text: the same document (a managed policy attached to many users, a bucket
// policy read on every request) compiles once; an edited document is new text, so a change applies to the next request.
import { compilePolicy, type CompiledPolicy } from './compile.js';

export class PolicyCache {
  // Keyed by the text itself (V8 keeps a string's hash on the string, so a stored document looks up cheaply),
  // then by the managed policy's ARN ('' for inline and resource policies).
  private readonly entries = new Map<string, Map<string, CompiledPolicy>>();

  constructor(private readonly capacity = 4096) {}

  /** The compiled form of text (with the managed policy's ARN, if any). */
  get(text: string, arn?: string): CompiledPolicy {
    let byArn = this.entries.get(text);
    const hit = byArn?.get(arn ?? '');
    if (hit) return hit;
    const compiled = compilePolicy(text, arn);
    if (!byArn) {
      // Evict the oldest document when full: documents that change are re-added under their new text.
      if (this.entries.size >= this.capacity) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
      byArn = new Map();
      this.entries.set(text, byArn);
    }
    byArn.set(arn ?? '', compiled);
    return compiled;
  }

  get size(): number {
    return this.entries.size;
  }
}
