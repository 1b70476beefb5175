// The flat answer table: static answers keyed by the question's wire bytes (lower-cased name, QTYPE, QCLASS), held in
// one byte arena with an open-addressing index, so a repeated question costs one hash probe and one arena read.
import { assembleFrom, type Body, type Question } from './wire.js';

/**
 * Entry layout in the arena: key length (u16), RCODE (u8), bits (u8: 1 = AA, 2 = located), ANCOUNT (u16), NSCOUNT
 * (u16), body length (u32), then the key's bytes, then the body's bytes.
 */
const HEADER = 12;

/** Past this many entries or arena bytes the table starts over (a client asking every name × every type). */
const MAX_ENTRIES = 1 << 20;
const MAX_ARENA = 256 * 1024 * 1024;

/**
 * Why flat: with a JavaScript Map of names to Body objects, a hit in a 100,000-name zone walks the hash table, the
 * key string, the Body object, its Buffer and the Buffer's memory: five or six cache misses each time. Here the index
 * slot holds the hash beside the entry's offset, and the entry holds key and body side by side: two misses.
 */
export class AnswerTable {
  /** Pairs of (hash, arena offset + 1); 0 marks an empty slot. */
  private slots = new Int32Array(2 * 1024);
  private mask = 1023;
  private arena = Buffer.alloc(64 * 1024);
  private used = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.slots = new Int32Array(2 * 1024);
    this.mask = 1023;
    this.arena = Buffer.alloc(64 * 1024);
    this.used = 0;
    this.count = 0;
  }

  /** The arena offset of the entry for the question just read, or -1. */
  find(q: Question): number {
    const slots = this.slots;
    const arena = this.arena;
    const key = q.key;
    const length = q.keyLength;
    for (let i = q.hash & this.mask; ; i = (i + 1) & this.mask) {
      const at = slots[2 * i + 1]!;
      if (at === 0) return -1;
      if (slots[2 * i] !== q.hash) continue;
      const e = at - 1;
      if (arena[e]! !== length >> 8 || arena[e + 1]! !== (length & 0xff)) continue;
      let same = true;
      for (let k = 0, o = e + HEADER; k < length; k++, o++) {
        if (arena[o] !== key[k]) {
          same = false;
          break;
        }
      }
      if (same) return e;
    }
  }

  /** The reply to `message` (whose question `q` is) from the entry at `e`. */
  reply(message: Buffer, q: Question, e: number, maxSize: number): Buffer {
    const a = this.arena;
    const keyLength = (a[e]! << 8) | a[e + 1]!;
    const bodyLength = a.readUInt32BE(e + 8);
    const start = e + HEADER + keyLength;
    return assembleFrom(message, q, a[e + 2]!, (a[e + 3]! & 1) !== 0, (a[e + 4]! << 8) | a[e + 5]!, (a[e + 6]! << 8) | a[e + 7]!, (a[e + 3]! & 2) !== 0, a, start, start + bodyLength, maxSize);
  }

  /** Keeps `body` as the answer to the question just read (which must not be in the table yet). */
  insert(q: Question, body: Body): void {
    const size = HEADER + q.keyLength + body.bytes.length;
    if (this.count + 1 > MAX_ENTRIES || this.used + size > MAX_ARENA) this.clear();
    if (this.used + size > this.arena.length) {
      let length = this.arena.length * 2;
      while (this.used + size > length) length *= 2;
      const grown = Buffer.alloc(length);
      this.arena.copy(grown, 0, 0, this.used);
      this.arena = grown;
    }
    if (2 * (this.count + 1) > this.mask + 1) this.grow();
    const e = this.used;
    const a = this.arena;
    a.writeUInt16BE(q.keyLength, e);
    a[e + 2] = body.rcode;
    a[e + 3] = (body.aa ? 1 : 0) | (body.located ? 2 : 0);
    a.writeUInt16BE(body.an, e + 4);
    a.writeUInt16BE(body.ns, e + 6);
    a.writeUInt32BE(body.bytes.length, e + 8);
    q.key.copy(a, e + HEADER, 0, q.keyLength);
    body.bytes.copy(a, e + HEADER + q.keyLength);
    this.used += size;
    this.place(q.hash, e);
    this.count++;
  }

  private place(hash: number, e: number): void {
    const slots = this.slots;
    let i = hash & this.mask;
    while (slots[2 * i + 1] !== 0) i = (i + 1) & this.mask;
    slots[2 * i] = hash;
    slots[2 * i + 1] = e + 1;
  }

  /** Doubles the index (kept at most half full) and re-places every entry by its stored hash. */
  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = old.length - 1;
    for (let i = 0; i < old.length; i += 2) if (old[i + 1] !== 0) this.place(old[i]!, old[i + 1]! - 1);
  }
}
