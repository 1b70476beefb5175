// application/x-www-form-urlencoded parsing for the query and ec2 protocols, into a tree of dotted key segments so
// the input reader walks `Foo.member.1.Bar` segment by segment instead of building and hashing every key it tries.

/** Decodes one form component: '+' is a space, then percent-decoding (malformed escapes are kept literally). */
export function decodeFormComponent(s: string): string {
  // Most keys and values carry no escape: a query PutMetricData has ~140 components.
  if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
  const spaced = s.indexOf('+') < 0 ? s : s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  }
}

const POSITIVE_INDEX = /^[1-9]\d*$/;
/** Children searched one by one before a node indexes them in a Map. */
const SEARCHED_CHILDREN = 8;

/**
 * One dotted segment of the sent keys: `value` is what was sent for exactly the key ending here, `child()` the next
 * segment below it (children keep first-seen order). The full key is rebuilt only for error messages.
 */
export class FormNode {
  value: string | undefined = undefined;
  /** Children in first-seen order; most nodes have a handful, searched in place, and a Map indexes a longer list. */
  private kids: FormNode[] | undefined = undefined;
  private index: Map<string, FormNode> | undefined = undefined;

  constructor(
    readonly parent: FormNode | undefined,
    readonly segment: string,
  ) {}

  child(segment: string): FormNode | undefined {
    if (this.index !== undefined) return this.index.get(segment);
    const kids = this.kids;
    if (kids === undefined) return undefined;
    for (let i = 0; i < kids.length; i++) if (kids[i]!.segment === segment) return kids[i];
    return undefined;
  }

  /** The child for `segment`, made when absent (while the form is built). */
  childOrNew(segment: string): FormNode {
    const found = this.child(segment);
    if (found !== undefined) return found;
    const node = new FormNode(this, segment);
    const kids = (this.kids ??= []);
    kids.push(node);
    if (this.index !== undefined) this.index.set(segment, node);
    else if (kids.length > SEARCHED_CHILDREN) this.index = new Map(kids.map((kid) => [kid.segment, kid]));
    return node;
  }

  childSegments(): string[] {
    return this.kids === undefined ? [] : this.kids.map((kid) => kid.segment);
  }

  /** The children whose segment is a positive integer, ascending by it (`member.2` before `member.10`). */
  indexed(): FormNode[] {
    if (this.kids === undefined) return [];
    const found: [number, FormNode][] = [];
    for (const node of this.kids) if (POSITIVE_INDEX.test(node.segment)) found.push([Number(node.segment), node]);
    if (found.length > 1) found.sort((a, b) => a[0] - b[0]);
    return found.map((entry) => entry[1]);
  }

  /** The dotted key this node stands for, e.g. `MetricData.member.3.Value`. */
  key(): string {
    if (this.parent === undefined) return '';
    return this.parent.parent === undefined ? this.segment : `${this.parent.key()}.${this.segment}`;
  }
}

/**
 * Form parameters as a tree of key segments from `root`. `value('A.B')` is the value sent for exactly that key. The
 * last value wins when a key repeats.
 */
export class FormParams {
  readonly root = new FormNode(undefined, '');

  // Clients send a structure's members one after another (`…member.3.Value`, `…member.3.Unit`): a key whose parent
  // is the previous key's parent starts from that node instead of walking down from the root again.
  private lastParent = this.root;
  private lastParentKey = ''; // the root has no key: its end is -1, which no dot position equals
  private lastParentEnd = -1;

  /** Parses `a=1&b=2` texts in order (a later value for the same key wins); a key without '=' has the value ''. */
  static parse(...texts: string[]): FormParams {
    const form = new FormParams();
    for (const text of texts) {
      // The next '=' at or after `start` (-1: none left), kept across pairs: searching from each pair's start again
      // made a form of many pairs without '=' quadratic (1 MB of `a&` took 2.4 s, where 64 MiB bodies are accepted).
      let eq = -2;
      for (let start = 0; start < text.length; ) {
        let end = text.indexOf('&', start);
        if (end < 0) end = text.length;
        if (end > start) {
          if (eq !== -1 && eq < start) eq = text.indexOf('=', start);
          const split = eq >= 0 && eq < end;
          form.set(decodeFormComponent(text.slice(start, split ? eq : end)), split ? decodeFormComponent(text.slice(eq + 1, end)) : '');
        }
        start = end + 1;
      }
    }
    return form;
  }

  private set(key: string, value: string): void {
    const last = key.lastIndexOf('.');
    let node = this.lastParent;
    if (last < 0 || last !== this.lastParentEnd || !key.startsWith(this.lastParentKey)) {
      node = this.root;
      for (let start = 0, dot = key.indexOf('.'); dot >= 0 && dot <= last; start = dot + 1, dot = key.indexOf('.', start)) node = node.childOrNew(key.slice(start, dot));
      this.lastParent = node;
      this.lastParentKey = last < 0 ? '' : key.slice(0, last);
      this.lastParentEnd = last;
    }
    node = node.childOrNew(last < 0 ? key : key.slice(last + 1));
    node.value = value;
  }

  private find(key: string): FormNode | undefined {
    let node: FormNode | undefined = this.root;
    for (const segment of key.split('.')) node = node?.child(segment);
    return node;
  }

  value(key: string): string | undefined {
    return this.find(key)?.value;
  }

  /** URLSearchParams' reading method, so routing reads a parsed form and a query string alike. */
  get(key: string): string | null {
    return this.find(key)?.value ?? null;
  }
}
