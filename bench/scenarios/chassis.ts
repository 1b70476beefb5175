// Chassis scenarios: startup (spawn → first real answer, median of 5), RSS after start, the health endpoint,
// and GetCallerIdentity through the whole pipeline with SDK v3 over keep-alive.
import { Agent } from 'node:http';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { closedLoop, formatResult, rssMiB, startServer } from '../harness.js';
import type { Scenario } from '../scenario.js';

export function keepAliveHandler(): NodeHttpHandler {
  return new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }) });
}

export function sdkConfig(url: string) {
  return { endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, requestHandler: keepAliveHandler(), maxAttempts: 1 };
}

export const startup: Scenario = {
  name: 'startup',
  async run() {
    const samples: number[] = [];
    let rss = 0;
    for (let i = 0; i < 5; i++) {
      const t0 = process.hrtime.bigint();
      const server = await startServer();
      const sts = new STSClient(sdkConfig(server.url));
      await sts.send(new GetCallerIdentityCommand({}));
      samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
      sts.destroy();
      if (i === 0) {
        await new Promise((r) => setTimeout(r, 500));
        rss = rssMiB(server.pid);
      }
      await server.stop();
    }
    samples.sort((a, b) => a - b);
    return [`startup to first GetCallerIdentity        median ${samples[2]!.toFixed(0)} ms (of 5: ${samples.map((s) => s.toFixed(0)).join(', ')})`, `RSS after start                           ${rss.toFixed(1)} MiB`];
  },
};

export const health: Scenario = {
  name: 'health',
  async run({ ops, workers }) {
    const server = await startServer();
    try {
      const agent = new Agent({ keepAlive: true, maxSockets: workers });
      const { request } = await import('node:http');
      const url = new URL('/_kumo/health', server.url);
      const get = () =>
        new Promise<void>((resolve, reject) => {
          const req = request(url, { agent }, (res) => {
            res.resume();
            res.on('end', () => resolve());
          });
          req.on('error', reject);
          req.end();
        });
      return [formatResult('GET /_kumo/health', await closedLoop(server, workers, ops, get))];
    } finally {
      await server.stop();
    }
  },
};

async function callerIdentityLoop(script: string | undefined, ops: number, workers: number) {
  const server = script ? await startServer([], {}, script) : await startServer();
  try {
    const sts = new STSClient(sdkConfig(server.url));
    const result = await closedLoop(server, workers, ops, () => sts.send(new GetCallerIdentityCommand({})));
    sts.destroy();
    return result;
  } finally {
    await server.stop();
  }
}

/** GetCallerIdentity through kumo, next to the same SDK calls answered by a bare node:http server. */
export const getCallerIdentity: Scenario = {
  name: 'get-caller-identity',
  async run({ ops, workers }) {
    const bare = await callerIdentityLoop('bench/bare-server.mjs', ops, workers);
    const kumo = await callerIdentityLoop(undefined, ops, workers);
    return [
      formatResult('bare node:http, same answer', bare),
      formatResult('STS GetCallerIdentity', kumo),
      `gateway overhead (kumo − bare)            ${(kumo.serverCpuMsPerOp - bare.serverCpuMsPerOp).toFixed(3)} ms server CPU per request`,
    ];
  },
};
