// A mergeable percentile sketch (DDSketch-style logarithmic bins) kept with every metric bucket, so percentiles,
// trimmed means and friends of any rolled-up period come from merged sketches with ≤ 0.5 % relative value error.
// AWS returns no percentile once a value is negative or a statistic set cannot be placed (GetMetricStatistics
// reference), so negatives and such sets are only counted, never binned.

/** Relative accuracy of a bin's representative value (0.5 %: half of the 1 % the issue allows). */
export const SKETCH_ALPHA = 0.005;
const GAMMA = (1 + SKETCH_ALPHA) / (1 - SKETCH_ALPHA);
const LOG_GAMMA = Math.log(GAMMA);
const HEADER = 3;

export class Sketch {
  /** bin index → weight; a bin i holds values in (γ^(i-1), γ^i]. */
  readonly bins = new Map<number, number>();
  zero = 0;
  /** Weight of negative values: any makes percentiles unavailable. */
  negative = 0;
  /** Weight of statistic-set samples that could not be placed (SampleCount > 1 and Min ≠ Max). */
  unplaced = 0;

  /** Adds `value` with weight `count` (Values/Counts pairs carry fractional counts). */
  add(value: number, count = 1): void {
    if (!(count > 0)) return;
    if (value > 0) {
      const i = binIndex(value);
      this.bins.set(i, (this.bins.get(i) ?? 0) + count);
    } else if (value === 0) this.zero += count;
    else this.negative += count;
  }

  /** Adds a StatisticSet: placeable only when every sample has the same value. */
  addStatisticSet(sampleCount: number, min: number, max: number): void {
    if (sampleCount === 1 || min === max) this.add(min, sampleCount);
    else this.unplaced += sampleCount;
  }

  merge(other: Sketch): void {
    for (const [i, c] of other.bins) this.bins.set(i, (this.bins.get(i) ?? 0) + c);
    this.zero += other.zero;
    this.negative += other.negative;
    this.unplaced += other.unplaced;
  }

  /** True when percentile-family statistics may be answered (AWS: no negatives, only placeable statistic sets). */
  get percentilesAvailable(): boolean {
    return this.negative === 0 && this.unplaced === 0 && (this.zero > 0 || this.bins.size > 0);
  }

  /** Bins in ascending value order as [representative value, weight, index]; the zero bin first (index -∞). */
  sorted(): Array<[number, number, number]> {
    const keys = [...this.bins.keys()].sort((a, b) => a - b);
    const out: Array<[number, number, number]> = [];
    if (this.zero > 0) out.push([0, this.zero, -Infinity]);
    for (const k of keys) out.push([binValue(k), this.bins.get(k) as number, k]);
    return out;
  }

  /** Compact binary form as Float64 words: [zero, negative, unplaced, index, weight, index, weight, …]. */
  words(): Float64Array {
    const arr = new Float64Array(HEADER + this.bins.size * 2);
    arr[0] = this.zero;
    arr[1] = this.negative;
    arr[2] = this.unplaced;
    let j = HEADER;
    for (const [i, c] of this.bins) {
      arr[j++] = i;
      arr[j++] = c;
    }
    return arr;
  }

  /** The words as bytes, for a BLOB. */
  encode(): Buffer {
    const arr = this.words();
    return Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength);
  }

  static decode(buf: Uint8Array): Sketch {
    // Copy: a Buffer from SQLite need not be 8-byte aligned.
    return Sketch.fromWords(new Float64Array(new Uint8Array(buf).buffer));
  }

  static fromWords(arr: Float64Array): Sketch {
    const s = new Sketch();
    s.mergeWords(arr);
    return s;
  }

  /** Decodes `buf` and merges it into this sketch without building an intermediate object. */
  mergeEncoded(buf: Uint8Array): void {
    this.mergeWords(new Float64Array(new Uint8Array(buf).buffer));
  }

  /** Merges a sketch in its word form (see words()). */
  mergeWords(arr: Float64Array): void {
    this.zero += arr[0] ?? 0;
    this.negative += arr[1] ?? 0;
    this.unplaced += arr[2] ?? 0;
    for (let j = HEADER; j + 1 < arr.length; j += 2) {
      const i = arr[j] as number;
      this.bins.set(i, (this.bins.get(i) ?? 0) + (arr[j + 1] as number));
    }
  }
}

/** The bin a value falls in (-∞ for zero and below). */
export function binIndex(value: number): number {
  return value > 0 ? Math.ceil(Math.log(value) / LOG_GAMMA) : -Infinity;
}

/** The value a bin stands for: within SKETCH_ALPHA of every value the bin holds. */
export function binValue(index: number): number {
  return (2 * Math.pow(GAMMA, index)) / (GAMMA + 1);
}
