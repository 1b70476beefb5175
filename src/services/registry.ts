// The services kumo serves: every vendored model is routable, and those with a provider are loaded lazily on
// their first request so startup stays fast. A model without a provider answers NotImplemented for every call.
import type { ServiceDefinition } from './service-definition.js';

type DefinitionLoader = () => Promise<ServiceDefinition>;

/** Providers by service id. Add a line here when a service gets a provider. */
export const PROVIDERS: Readonly<Record<string, DefinitionLoader>> = {
  sts: async () => (await import('./sts/index.js')).stsService,
  sqs: async () => (await import('./sqs/index.js')).sqsService,
  s3: async () => (await import('./s3/index.js')).s3Service,
  dynamodb: async () => (await import('./dynamodb/index.js')).dynamodbService,
};
