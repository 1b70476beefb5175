// Renders docs/coverage/<service>.md: which of a service's operations kumo implements (operation table ∩
// provider methods). Pure string building; the caller decides which operations are implemented.

/**
 * @param {string} serviceId kumo service id, e.g. 'sqs'
 * @param {string[]} allOperations every operation name in the model
 * @param {Set<string>} implemented operation names (PascalCase, as in the model) that have a provider method
 * @param {Map<string, string>} [notImplementedFeatures] operations that check their input, then answer 501 for a feature
 * @returns {string} markdown
 */
export function renderCoverage(serviceId, allOperations, implemented, notImplementedFeatures = new Map()) {
  const operations = [...allOperations].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const count = operations.filter((op) => implemented.has(op)).length;
  const lines = [
    `# ${serviceId} coverage`,
    '',
    '<!-- GENERATED from the operation table and provider methods — do not edit. -->',
    '',
    `${count} of ${operations.length} operations implemented.`,
    '',
    '| Operation | Implemented |',
    '|---|---|',
    ...operations.map((op) => {
      const feature = notImplementedFeatures.get(op);
      return `| ${op} | ${implemented.has(op) ? '✅' : feature === undefined ? '—' : `— (input checked, then 501: ${feature})`} |`;
    }),
    '',
  ];
  return lines.join('\n');
}
