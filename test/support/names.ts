// Unique resource names for service tests, so tests sharing one server never collide: a prefix, the process id and
// a counter; `suffix` adds what a name type needs (SQS FIFO queues end in .fifo).
let counter = 0;

export function uniqueName(prefix: string, suffix = ''): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}${suffix}`;
}
