// A small RFC 6902 JSON Patch implementation (add, remove, replace, move, copy, test) for models/patches/*.json.
// kumo requires a "reason" on every op so each deviation from the AWS model explains itself; no dependencies.

function decodePointer(pointer) {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`JSON pointer must start with "/": ${pointer}`);
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function clone(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** Returns [parent container, last token] for a pointer, throwing when an intermediate step is missing. */
function locate(doc, pointer) {
  const tokens = decodePointer(pointer);
  if (tokens.length === 0) throw new Error('patching the document root is not supported');
  let node = doc;
  for (const token of tokens.slice(0, -1)) {
    if (node === null || typeof node !== 'object' || !(token in node)) throw new Error(`path not found: ${pointer}`);
    node = node[token];
  }
  if (node === null || typeof node !== 'object') throw new Error(`path not found: ${pointer}`);
  return [node, tokens.at(-1)];
}

function get(doc, pointer) {
  let node = doc;
  for (const token of decodePointer(pointer)) {
    if (node === null || typeof node !== 'object' || !(token in node)) throw new Error(`path not found: ${pointer}`);
    node = node[token];
  }
  return node;
}

function add(doc, pointer, value) {
  const [parent, key] = locate(doc, pointer);
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) throw new Error(`bad array index: ${pointer}`);
    parent.splice(index, 0, value);
  } else {
    parent[key] = value;
  }
}

function remove(doc, pointer) {
  const [parent, key] = locate(doc, pointer);
  if (!(key in parent)) throw new Error(`path not found: ${pointer}`);
  const value = parent[key];
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key];
  return value;
}

/** Applies a patch list to a deep copy of doc and returns the copy. Each op must carry a non-empty "reason". */
export function applyPatch(doc, ops, label = 'patch') {
  if (!Array.isArray(ops)) throw new Error(`${label}: a patch file must be a JSON array of operations`);
  const out = clone(doc);
  ops.forEach((op, i) => {
    const where = `${label}[${i}] ${op.op} ${op.path}`;
    if (typeof op.reason !== 'string' || op.reason.trim() === '') throw new Error(`${where}: every op needs a "reason"`);
    try {
      switch (op.op) {
        case 'add': add(out, op.path, clone(op.value)); break;
        case 'remove': remove(out, op.path); break;
        case 'replace': remove(out, op.path); add(out, op.path, clone(op.value)); break;
        case 'move': add(out, op.path, remove(out, op.from)); break;
        case 'copy': add(out, op.path, clone(get(out, op.from))); break;
        case 'test':
          if (JSON.stringify(get(out, op.path)) !== JSON.stringify(op.value)) throw new Error('test failed');
          break;
        default: throw new Error(`unknown op "${op.op}"`);
      }
    } catch (err) {
      throw new Error(`${where}: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  return out;
}
