// Loads a service's runtime model (src/generated/<id>/model.json) on first use and keeps it: startup stays fast
// because no model is parsed until a request for that service arrives.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceModel } from '../core/model.js';
import { packageRoot } from '../core/package-root.js';

const models = new Map<string, ServiceModel>();

export function loadModel(serviceId: string): ServiceModel {
  let model = models.get(serviceId);
  if (!model) {
    const path = join(packageRoot(), 'src', 'generated', serviceId, 'model.json');
    model = JSON.parse(readFileSync(path, 'utf8')) as ServiceModel;
    for (const [name, op] of Object.entries(model.operations)) op.name ??= name;
    models.set(serviceId, model);
  }
  return model;
}
