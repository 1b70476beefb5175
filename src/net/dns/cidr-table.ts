// The CIDR collections IP-based routing reads: collection → location → CIDR blocks, and the longest-prefix match
// of a client address (or its EDNS Client Subnet) to the location whose records answer it.
import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** Collections as the control plane publishes them: id → location name → CIDR blocks. */
export type CidrCollections = Record<string, Record<string, readonly string[]>>;

interface Block {
  prefix: number;
  family: 'ipv4' | 'ipv6';
  list: BlockList;
  location: string;
}

export class CidrTable {
  private readonly collections = new Map<string, Block[]>();

  /** Replaces one collection's blocks (an empty object removes it). */
  set(id: string, locations: Record<string, readonly string[]>): void {
    const blocks: Block[] = [];
    for (const [location, cidrs] of Object.entries(locations)) {
      for (const cidr of cidrs) {
        const [address = '', bits = ''] = cidr.split('/');
        const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
        if (!family) continue;
        const prefix = Number(bits);
        const list = new BlockList();
        list.addSubnet(address, prefix, family);
        blocks.push({ prefix, family, list, location });
      }
    }
    // Longest prefix first, so the first block containing an address is its best match.
    blocks.sort((a, b) => b.prefix - a.prefix);
    if (blocks.length === 0) this.collections.delete(id);
    else this.collections.set(id, blocks);
  }

  replaceAll(all: CidrCollections): void {
    this.collections.clear();
    for (const [id, locations] of Object.entries(all)) this.set(id, locations);
  }

  /**
   * The location whose block is the longest prefix containing `address`. With an EDNS Client Subnet of
   * `sourcePrefix` bits, a block longer than the subnet does not match ("IP-based routing": a query from
   * 2001:db8::/32 does not match a /48 block and gets the default record).
   */
  locate(collection: string, address: string, sourcePrefix?: number): string | undefined {
    const blocks = this.collections.get(collection);
    if (!blocks) return undefined;
    const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
    if (!family) return undefined;
    for (const b of blocks) {
      if (b.family !== family) continue;
      if (sourcePrefix !== undefined && sourcePrefix < b.prefix) continue;
      if (b.list.check(address, family)) return b.location;
    }
    return undefined;
  }
}
