// The direct XML writer against the node-tree writer, byte for byte: every output shape of the EC2 and S3 models
// (flattened lists and maps, xmlAttribute members, namespaces, timestamps, blobs) filled with generated values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServiceModel, ShapeRef } from '../../core/model.js';
import { loadModel } from '../../gateway/model-loader.js';
import { renderXml, xmlNode } from './xml.js';
import { writeStructureContent } from './xml-shapes.js';
import { writeStructureXml } from './xml-direct.js';

/** A value for `ref` two list items wide; strings carry characters that need escaping; some lists are empty. */
function sample(model: ServiceModel, ref: ShapeRef, depth: number, seed: number): unknown {
  const shape = model.shapes[ref.shape]!;
  switch (shape.type) {
    case 'structure': {
      if (depth > 4) return {};
      const out: Record<string, unknown> = {};
      let i = 0;
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        // Skip one member in three so absent members are covered too.
        if ((seed + i++) % 3 === 2) continue;
        out[name] = sample(model, member, depth + 1, seed + i);
      }
      return out;
    }
    case 'list':
      return depth > 4 || seed % 4 === 0 ? [] : [0, 1].map((k) => sample(model, shape.member!, depth + 1, seed + k));
    case 'map':
      return depth > 4 ? {} : { 'k<1>': sample(model, shape.value!, depth + 1, seed), k2: sample(model, shape.value!, depth + 1, seed + 1) };
    case 'boolean':
      return seed % 2 === 0;
    case 'timestamp':
      return new Date(Date.UTC(2026, 0, 2, 3, 4, 5, seed % 1000));
    case 'blob':
      return Buffer.from(`blob ${seed}`);
    case 'integer':
    case 'long':
    case 'short':
    case 'byte':
      return seed;
    case 'float':
    case 'double':
      return seed + 0.5;
    default:
      return seed % 5 === 0 ? '' : `v${seed} & <"x">\r`;
  }
}

for (const serviceId of ['ec2', 's3']) {
  test(`writeStructureXml writes the same bytes as the node tree for every ${serviceId} output shape`, () => {
    const model = loadModel(serviceId);
    let checked = 0;
    for (const operation of Object.values(model.operations)) {
      if (!operation.output) continue;
      const shape = model.shapes[operation.output.shape]!;
      for (const seed of [1, 2, 3]) {
        const value = sample(model, operation.output, 0, seed) as Record<string, unknown>;
        const tree = writeStructureContent(model, shape, value, 'output');
        const direct = writeStructureXml(model, shape, value, 'output');
        assert.deepEqual(direct.attributes, tree.attributes, operation.name);
        const expected = renderXml(xmlNode('R', tree.children));
        const actual = direct.body === '' ? '<R/>' : `<R>${direct.body}</R>`;
        assert.equal(actual, expected, `${serviceId} ${operation.name} seed ${seed}`);
        checked++;
      }
    }
    assert.ok(checked > 100, `only ${checked} outputs checked`);
  });
}
