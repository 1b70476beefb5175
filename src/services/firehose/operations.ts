// Firehose's operation table: each AWS operation mapped to the module that implements it over the shared
// FirehoseContext. The rules live in the pure modules and the repositories, never here.
import type * as api from '../../generated/firehose/api.js';
import { operationTable } from '../service-definition.js';
import type { FirehoseContext } from './context.js';
import * as records from './record-operations.js';
import * as streams from './stream-operations.js';
import * as tags from './tag-operations.js';

export const FIREHOSE_OPERATIONS = operationTable<api.FirehoseApi, FirehoseContext>()({
  CreateDeliveryStream: streams.createDeliveryStream,
  DescribeDeliveryStream: streams.describeDeliveryStream,
  ListDeliveryStreams: streams.listDeliveryStreams,
  UpdateDestination: streams.updateDestination,
  DeleteDeliveryStream: streams.deleteDeliveryStream,
  StartDeliveryStreamEncryption: streams.startEncryption,
  StopDeliveryStreamEncryption: streams.stopEncryption,
  TagDeliveryStream: tags.tagDeliveryStream,
  UntagDeliveryStream: tags.untagDeliveryStream,
  ListTagsForDeliveryStream: tags.listTagsForDeliveryStream,
  PutRecord: records.putRecord,
  PutRecordBatch: records.putRecordBatch,
});
