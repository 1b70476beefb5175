// Installs the Debian packages a benchmark's anchors need (knot, dnsperf, haproxy, wrk, ...) when they are missing,
// so `npm run bench` on a fresh machine measures the same comparison; without root it reports what is missing.
import { execFileSync, spawnSync } from 'node:child_process';

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0 || spawnSync('sh', ['-c', `test -x /usr/sbin/${command}`]).status === 0;
}

/**
 * Ensures each command (key) is installed, installing its package (value) with apt-get when it is not and the
 * process may; returns the commands still missing.
 */
export function ensureDebianTools(tools: Record<string, string>): string[] {
  const missing = Object.entries(tools).filter(([command]) => !has(command));
  if (missing.length === 0) return [];
  if (process.getuid?.() === 0) {
    try {
      execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...new Set(missing.map(([, pkg]) => pkg))], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    } catch {
      // Reported below as still missing.
    }
  }
  return Object.keys(tools).filter((command) => !has(command));
}
