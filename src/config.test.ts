import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG, parseConfig } from './config.js';
import { isKumoError } from './core/kumo-error.js';

test('parseConfig gives the documented defaults with no flags and no environment', () => {
  assert.deepEqual(parseConfig([], {}), DEFAULT_CONFIG);
});

test('flags override KUMO_* environment variables', () => {
  const config = parseConfig(['--port', '5000', '--in-memory', '--services', 's3, sqs'], {
    KUMO_PORT: '6000',
    KUMO_HOST: '::1',
    KUMO_DATA_DIR: '/tmp/kumo-x',
    KUMO_ACCOUNT: '123456789012',
    KUMO_ENFORCE_IAM: 'true',
    KUMO_DYNAMODB_EVENTUAL_LAG_MS: '250',
    KUMO_DEBUG: 'requests,pipeline',
  });
  assert.equal(config.port, 5000);
  assert.equal(config.host, '::1');
  assert.equal(config.dataDir, '/tmp/kumo-x');
  assert.equal(config.inMemory, true);
  assert.deepEqual(config.services, ['s3', 'sqs']);
  assert.equal(config.defaultAccount, '123456789012');
  assert.equal(config.enforceIam, true);
  assert.equal(config.dynamodbEventualLagMs, 250);
  assert.deepEqual(config.debug, ['requests', 'pipeline']);
});

test('an environment variable set to the empty string counts as unset', () => {
  assert.equal(parseConfig([], { KUMO_HOST: '', KUMO_PORT: '', KUMO_DATA_DIR: '' }).host, '127.0.0.1');
  assert.equal(parseConfig([], { KUMO_DATA_DIR: '' }).dataDir, './.kumo');
});

test('parseConfig refuses bad values with KUMO_ERR_CONFIG_INVALID', () => {
  for (const [argv, env] of [
    [['--port', '70000'], {}],
    [['--account', '12345'], {}],
    [['--bogus'], {}],
    [[], { KUMO_IN_MEMORY: 'perhaps' }],
    [['--services', 's3,nosuch'], {}],
  ] as const) {
    assert.throws(() => parseConfig(argv, env), (e: unknown) => isKumoError(e, 'KUMO_ERR_CONFIG_INVALID'));
  }
});

test('KUMO_CORS_ORIGINS and KUMO_ALLOWED_HOSTS are comma lists; a CORS entry must be an origin or *', () => {
  const c = parseConfig([], { KUMO_CORS_ORIGINS: 'http://localhost:3000, *', KUMO_ALLOWED_HOSTS: 'kumo,*.corp.example' });
  assert.deepEqual(c.corsOrigins, ['http://localhost:3000', '*']);
  assert.deepEqual(c.allowedHosts, ['kumo', '*.corp.example']);
  assert.deepEqual(parseConfig([], {}).corsOrigins, []);
  assert.equal(parseConfig([], {}).allowedHosts, undefined);
  assert.throws(() => parseConfig([], { KUMO_CORS_ORIGINS: 'localhost:3000/app' }), (e: unknown) => isKumoError(e) && e.code === 'KUMO_ERR_CONFIG_INVALID');
});

test('KUMO_ELB_NODE_CIDR sets the load balancer nodes\' loopback range and must lie inside 127.0.0.0/8', () => {
  assert.equal(parseConfig([], {}).elbNodeCidr, '127.77.0.0/16');
  assert.equal(parseConfig([], { KUMO_ELB_NODE_CIDR: '127.88.0.0/24' }).elbNodeCidr, '127.88.0.0/24');
  for (const bad of ['10.0.0.0/16', '127.1.0.0/31', 'nope']) {
    assert.throws(() => parseConfig([], { KUMO_ELB_NODE_CIDR: bad }), (e: unknown) => isKumoError(e, 'KUMO_ERR_CONFIG_INVALID'));
  }
});

test('KUMO_EDGE_CACHE_FILES_MB bounds the edge\'s cache files (0 keeps none), and refuses a non-integer', () => {
  assert.equal(parseConfig([], {}).edgeCacheFilesMb, 4096);
  assert.equal(parseConfig([], { KUMO_EDGE_CACHE_FILES_MB: '0' }).edgeCacheFilesMb, 0);
  assert.equal(parseConfig([], { KUMO_EDGE_CACHE_FILES_MB: '512' }).edgeCacheFilesMb, 512);
  assert.throws(() => parseConfig([], { KUMO_EDGE_CACHE_FILES_MB: 'lots' }), (e: unknown) => isKumoError(e, 'KUMO_ERR_CONFIG_INVALID'));
});
