// Finds the Linux networking tools the VPC world needs (iproute2's ip, nftables' nft, util-linux's unshare and
// nsenter) by absolute path, since /usr/sbin is often missing from a non-root user's PATH.
import { accessSync, constants } from 'node:fs';

const DIRS = ['/usr/sbin', '/sbin', '/usr/bin', '/bin', '/usr/local/sbin', '/usr/local/bin'];

/** The tool's absolute path, or undefined when it is not installed. */
export function findTool(name: string): string | undefined {
  for (const dir of DIRS) {
    try {
      accessSync(`${dir}/${name}`, constants.X_OK);
      return `${dir}/${name}`;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function toolPath(name: string): string {
  return findTool(name) ?? name;
}
