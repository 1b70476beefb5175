// Unit tests for EC2 filters: AND across names, OR across values, wildcards, tag filters, unknown names, paging.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAwsError } from '../../core/aws-error.js';
import { type FilterFields, compileFilters, paginate, wildcardToRegExp } from './filters.js';

interface Item {
  id: string;
  vpcId: string;
  tags: { Key: string; Value: string }[];
}
const items: Item[] = [
  { id: 'subnet-1', vpcId: 'vpc-a', tags: [{ Key: 'Name', Value: 'public-a' }, { Key: 'tier', Value: 'web' }] },
  { id: 'subnet-2', vpcId: 'vpc-a', tags: [{ Key: 'Name', Value: 'private-a' }] },
  { id: 'subnet-3', vpcId: 'vpc-b', tags: [] },
];
const fields: FilterFields<Item> = { 'vpc-id': (i) => i.vpcId, 'subnet-id': (i) => i.id };
const run = (filters: { Name: string; Values: string[] }[]) => items.filter(compileFilters(filters, fields, (i) => i.tags)).map((i) => i.id);

test('filters AND across names and OR across values', () => {
  assert.deepEqual(run([{ Name: 'vpc-id', Values: ['vpc-a', 'vpc-b'] }]), ['subnet-1', 'subnet-2', 'subnet-3']);
  assert.deepEqual(run([{ Name: 'vpc-id', Values: ['vpc-a'] }, { Name: 'subnet-id', Values: ['subnet-2'] }]), ['subnet-2']);
});

test('tag:Name, tag-key and tag-value with * and ? wildcards', () => {
  assert.deepEqual(run([{ Name: 'tag:Name', Values: ['*-a'] }]), ['subnet-1', 'subnet-2']);
  assert.deepEqual(run([{ Name: 'tag:Name', Values: ['p?blic-a'] }]), ['subnet-1']);
  assert.deepEqual(run([{ Name: 'tag-key', Values: ['tier'] }]), ['subnet-1']);
  assert.deepEqual(run([{ Name: 'tag-value', Values: ['private*'] }]), ['subnet-2']);
});

test('wildcards are literal when escaped and regex characters are not special', () => {
  assert.ok(wildcardToRegExp('a\\*b').test('a*b'));
  assert.ok(!wildcardToRegExp('a\\*b').test('axb'));
  assert.ok(wildcardToRegExp('10.0.*').test('10.0.1.0/24'));
  assert.ok(!wildcardToRegExp('10.0.*').test('10x0.1'));
});

test('an unknown filter name is InvalidParameterValue', () => {
  assert.throws(() => run([{ Name: 'colour', Values: ['red'] }]), (e) => isAwsError(e) && e.code === 'InvalidParameterValue' && e.message === "The filter 'colour' is invalid");
});

test('paginate pages with an opaque NextToken until the list ends', () => {
  const list = Array.from({ length: 12 }, (_, i) => i);
  const first = paginate(list, 5, undefined);
  assert.deepEqual(first.page, [0, 1, 2, 3, 4]);
  const second = paginate(list, 5, first.nextToken);
  assert.deepEqual(second.page, [5, 6, 7, 8, 9]);
  const third = paginate(list, 5, second.nextToken);
  assert.deepEqual(third.page, [10, 11]);
  assert.equal(third.nextToken, undefined);
});
