// kumo's version, reported by /_kumo/health and `kumo --version`; kept equal to package.json's by a test.
export const KUMO_VERSION = '0.1.0';
