// A resident probe process per namespace for the verdict-vs-kernel differential: one node process serves TCP on the
// given ports (IPv4 and IPv6) and, on each JSON line on stdin, tries a batch of TCP handshakes at once, non-blocking.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** One attempt: destination, and optionally the source address and port to bind (so the verdict can be told them). */
export interface ProbeSpec {
  host: string;
  port: number;
  localAddress?: string | undefined;
  localPort?: number | undefined;
}

/**
 * The agent's script: servers that close each accepted connection at once (a FIN, never a reset), and probes that
 * answer "open" once the handshake completes (the SYN-ACK came back through every rule both ways), "timeout" when
 * nothing answered in time (a drop), or the socket's error code (an ICMP unreachable from a route, EADDRINUSE…).
 */
const agentScript = (ports: readonly number[]): string => `const net=require('net');const ports=${JSON.stringify(ports)};let n=0;
const ready=()=>process.stdout.write('ready\\n');
for(const p of ports)net.createServer(s=>{s.on('error',()=>{});s.end()}).listen({port:p,host:'::',backlog:2048},()=>{if(++n===ports.length)ready()});
if(ports.length===0)ready();
const one=(q,ms)=>new Promise(r=>{const o={host:q.host,port:q.port};if(q.localAddress)o.localAddress=q.localAddress;if(q.localPort)o.localPort=q.localPort;
const s=net.connect(o);const t=setTimeout(()=>{s.destroy();r('timeout')},ms);
s.on('connect',()=>{clearTimeout(t);s.destroy();r('open')});s.on('error',e=>{clearTimeout(t);r(e.code||'error')})});
require('readline').createInterface({input:process.stdin}).on('line',l=>{const m=JSON.parse(l);Promise.all(m.probes.map(q=>one(q,m.ms))).then(res=>process.stdout.write(JSON.stringify({id:m.id,res})+'\\n'))});`;

export class ProbeAgent {
  private nextId = 1;
  private waiting = new Map<number, (res: string[]) => void>();
  private constructor(private readonly child: ChildProcess) {}

  /** Starts the agent with `prefix` (the argv that enters a namespace); resolves once its servers listen. */
  static start(prefix: readonly string[], ports: readonly number[]): Promise<ProbeAgent> {
    const child = spawn(prefix[0]!, [...prefix.slice(1), process.execPath, '-e', agentScript(ports)], { stdio: ['pipe', 'pipe', 'inherit'] });
    const agent = new ProbeAgent(child);
    return new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`probe agent exited ${code}`)));
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line === 'ready') return resolve(agent);
        const r = JSON.parse(line) as { id: number; res: string[] };
        agent.waiting.get(r.id)?.(r.res);
        agent.waiting.delete(r.id);
      });
    });
  }

  /** Tries every probe at once; one result per probe, in order. */
  probe(probes: readonly ProbeSpec[], timeoutMs: number): Promise<string[]> {
    if (probes.length === 0) return Promise.resolve([]);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.stdin!.write(`${JSON.stringify({ id, probes, ms: timeoutMs })}\n`);
    });
  }

  stop(): void {
    this.child.kill('SIGKILL');
  }
}
