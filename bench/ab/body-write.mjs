// Compares the server CPU of ways to write a 0.65 MB chunked body with node:http (body-write-server.mjs), 4 keep-alive
// clients, rounds interleaved: `node bench/ab/body-write.mjs`.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
const modes = ['pipeline', 'cork', 'corkend', 'one'];
const cpu = (pid) => { const s = readFileSync(`/proc/${pid}/stat`, 'utf8'); const f = s.slice(s.lastIndexOf(')') + 2).split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
const srv = [];
for (const m of modes) { const c = spawn(process.execPath, [new URL('body-write-server.mjs', import.meta.url).pathname, m], { stdio: ['ignore', 'pipe', 'inherit'] }); const url = await new Promise((r) => c.stdout.on('data', (d) => { const x = /on (\S+)/.exec(String(d)); if (x) r(x[1]); })); srv.push({ m, c, url, agent: new http.Agent({ keepAlive: true, maxSockets: 4 }), res: [] }); }
const get = (s) => new Promise((res, rej) => { http.request(s.url, { method: 'POST', agent: s.agent }, (r) => { let n = 0; r.on('data', (d) => (n += d.length)); r.on('end', () => res(n)); }).on('error', rej).end('{}'); });
const N = 300;
async function round(s) { let next = 0; await Promise.all([0, 1, 2, 3].map(async () => { while (next++ < N) await get(s); })); }
for (const s of srv) await round(s);
for (let r = 0; r < 6; r++) for (const s of r % 2 ? [...srv].reverse() : srv) { const c0 = cpu(s.c.pid); await round(s); s.res.push((cpu(s.c.pid) - c0) / N); }
for (const s of srv) { s.res.sort((a, b) => a - b); console.log(s.m.padEnd(10), 'median', s.res[3].toFixed(3), 'ms/resp', s.res.map((x) => x.toFixed(2)).join(' ')); s.c.kill(); }
