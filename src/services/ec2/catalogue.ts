// Built-in facts a new AWS account sees: regions and their Availability Zones (names and zone ids), a realistic
// instance type catalogue (vCPUs, memory) and a small AMI catalogue with well-known names, as data.

/** Commercial regions enabled by default ("opt-in-not-required") and how many AZs kumo gives each. */
export const REGIONS: readonly { name: string; zones: number }[] = [
  { name: 'us-east-1', zones: 6 }, { name: 'us-east-2', zones: 3 }, { name: 'us-west-1', zones: 2 }, { name: 'us-west-2', zones: 4 },
  { name: 'ca-central-1', zones: 3 }, { name: 'eu-west-1', zones: 3 }, { name: 'eu-west-2', zones: 3 }, { name: 'eu-west-3', zones: 3 },
  { name: 'eu-central-1', zones: 3 }, { name: 'eu-north-1', zones: 3 }, { name: 'ap-northeast-1', zones: 3 }, { name: 'ap-northeast-2', zones: 4 },
  { name: 'ap-northeast-3', zones: 3 }, { name: 'ap-southeast-1', zones: 3 }, { name: 'ap-southeast-2', zones: 3 }, { name: 'ap-south-1', zones: 3 },
  { name: 'sa-east-1', zones: 3 },
];

const DIRECTIONS: Record<string, string> = {
  north: 'n', south: 's', east: 'e', west: 'w', central: 'c', northeast: 'ne', southeast: 'se', northwest: 'nw', southwest: 'sw',
};

/** The zone id prefix AWS uses: us-east-1 → use1, ap-northeast-1 → apne1, eu-central-1 → euc1. */
export function zoneIdPrefix(region: string): string {
  const [geo = '', direction = '', n = ''] = region.split('-');
  return `${geo}${DIRECTIONS[direction] ?? direction.slice(0, 1)}${n}`;
}

export interface Zone {
  name: string;
  id: string;
}

/** The region's AZs: <region>a, b, … with ids <prefix>-az1, az2, … (unknown regions get three). */
export function zonesOf(region: string): Zone[] {
  const count = REGIONS.find((r) => r.name === region)?.zones ?? 3;
  return Array.from({ length: count }, (_, i) => ({ name: `${region}${String.fromCharCode(97 + i)}`, id: `${zoneIdPrefix(region)}-az${i + 1}` }));
}

export interface InstanceTypeInfo {
  type: string;
  vcpus: number;
  memoryMiB: number;
  arch: 'x86_64' | 'arm64';
  freeTier?: boolean;
}

/** Sizes and memory from the EC2 instance type pages (general purpose, compute, memory optimised). */
export const INSTANCE_TYPES: readonly InstanceTypeInfo[] = [
  { type: 't2.micro', vcpus: 1, memoryMiB: 1024, arch: 'x86_64', freeTier: true },
  { type: 't2.small', vcpus: 1, memoryMiB: 2048, arch: 'x86_64' },
  { type: 't2.medium', vcpus: 2, memoryMiB: 4096, arch: 'x86_64' },
  { type: 't3.nano', vcpus: 2, memoryMiB: 512, arch: 'x86_64' },
  { type: 't3.micro', vcpus: 2, memoryMiB: 1024, arch: 'x86_64', freeTier: true },
  { type: 't3.small', vcpus: 2, memoryMiB: 2048, arch: 'x86_64' },
  { type: 't3.medium', vcpus: 2, memoryMiB: 4096, arch: 'x86_64' },
  { type: 't3.large', vcpus: 2, memoryMiB: 8192, arch: 'x86_64' },
  { type: 't4g.micro', vcpus: 2, memoryMiB: 1024, arch: 'arm64' },
  { type: 't4g.small', vcpus: 2, memoryMiB: 2048, arch: 'arm64' },
  { type: 'm5.large', vcpus: 2, memoryMiB: 8192, arch: 'x86_64' },
  { type: 'm5.xlarge', vcpus: 4, memoryMiB: 16384, arch: 'x86_64' },
  { type: 'm6i.large', vcpus: 2, memoryMiB: 8192, arch: 'x86_64' },
  { type: 'm6g.large', vcpus: 2, memoryMiB: 8192, arch: 'arm64' },
  { type: 'm7g.large', vcpus: 2, memoryMiB: 8192, arch: 'arm64' },
  { type: 'c5.large', vcpus: 2, memoryMiB: 4096, arch: 'x86_64' },
  { type: 'c6i.large', vcpus: 2, memoryMiB: 4096, arch: 'x86_64' },
  { type: 'c7g.large', vcpus: 2, memoryMiB: 4096, arch: 'arm64' },
  { type: 'r5.large', vcpus: 2, memoryMiB: 16384, arch: 'x86_64' },
  { type: 'r6i.large', vcpus: 2, memoryMiB: 16384, arch: 'x86_64' },
];

export interface ImageInfo {
  id: string;
  name: string;
  description: string;
  arch: 'x86_64' | 'arm64';
  platform?: 'windows';
}

/** A small built-in catalogue, the same ids in every region (real AMI ids differ per region; these are kumo's). */
export const IMAGES: readonly ImageInfo[] = [
  { id: 'ami-0aa7d40eeae50c9a9', name: 'al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64', description: 'Amazon Linux 2023 AMI 2023.6.20241212.0 x86_64 HVM kernel-6.1', arch: 'x86_64' },
  { id: 'ami-0b5e8bcd1aa9a3a3c', name: 'al2023-ami-2023.6.20241212.0-kernel-6.1-arm64', description: 'Amazon Linux 2023 AMI 2023.6.20241212.0 arm64 HVM kernel-6.1', arch: 'arm64' },
  { id: 'ami-0c7217cdde317cfec', name: 'ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20240701', description: 'Canonical, Ubuntu, 22.04 LTS, amd64 jammy image', arch: 'x86_64' },
  { id: 'ami-0e86e20dae9224db8', name: 'ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20240801', description: 'Canonical, Ubuntu, 24.04 LTS, amd64 noble image', arch: 'x86_64' },
  { id: 'ami-0d5d9d301c853a04a', name: 'debian-12-amd64-20240717-1811', description: 'Debian 12 (20240717-1811)', arch: 'x86_64' },
  { id: 'ami-07d9456e59793a7d5', name: 'Windows_Server-2022-English-Full-Base-2024.07.10', description: 'Microsoft Windows Server 2022 Full Locale English AMI', arch: 'x86_64', platform: 'windows' },
];
