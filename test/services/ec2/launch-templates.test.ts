// Launch templates through the SDK v3 client: versions with $Default/$Latest, ModifyLaunchTemplate, version deletes
// reported per version, EC2's errors, GetLaunchTemplateData, and RunInstances taking a template's values.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as ec2 from '@aws-sdk/client-ec2';
import { startTestKumo, type TestKumo } from '../../support/kumo.js';
import { assertAwsError } from '../../support/aws-error.js';

let kumo: TestKumo;
let client: ec2.EC2Client;
const AMI = 'ami-0aa7d40eeae50c9a9';

before(async () => {
  kumo = await startTestKumo();
  client = new ec2.EC2Client({ ...kumo.clientConfig(), maxAttempts: 1 });
});
after(async () => {
  client.destroy();
  await kumo.stop();
});

test('CreateLaunchTemplate makes version 1 the default and latest; names are unique per region', async () => {
  const r = await client.send(new ec2.CreateLaunchTemplateCommand({
    LaunchTemplateName: 'web-lt', VersionDescription: 'first',
    LaunchTemplateData: { ImageId: AMI, InstanceType: 't3.micro' },
    TagSpecifications: [{ ResourceType: 'launch-template', Tags: [{ Key: 'team', Value: 'a' }] }],
  }));
  const lt = r.LaunchTemplate!;
  assert.match(lt.LaunchTemplateId!, /^lt-[0-9a-f]{17}$/);
  assert.equal(lt.DefaultVersionNumber, 1);
  assert.equal(lt.LatestVersionNumber, 1);
  assert.match(lt.CreatedBy!, /^arn:aws:iam::\d{12}:root$/);
  assert.deepEqual(lt.Tags, [{ Key: 'team', Value: 'a' }]);
  await assertAwsError(client.send(new ec2.CreateLaunchTemplateCommand({ LaunchTemplateName: 'web-lt', LaunchTemplateData: { ImageId: AMI } })),
    { code: 'InvalidLaunchTemplateName.AlreadyExistsException', status: 400, message: 'Launch template name already in use.' });
  await assertAwsError(client.send(new ec2.CreateLaunchTemplateCommand({ LaunchTemplateName: 'x', LaunchTemplateData: { ImageId: AMI } })),
    { code: 'InvalidLaunchTemplateName.MalformedException', status: 400 });
  const byTag = await client.send(new ec2.DescribeLaunchTemplatesCommand({ Filters: [{ Name: 'tag:team', Values: ['a'] }] }));
  assert.deepEqual(byTag.LaunchTemplates!.map((t) => t.LaunchTemplateName), ['web-lt']);
});

test('versions: $Latest and $Default resolve, SourceVersion copies, ModifyLaunchTemplate moves the default', async () => {
  const { LaunchTemplate } = await client.send(new ec2.CreateLaunchTemplateCommand({ LaunchTemplateName: 'ver-lt', LaunchTemplateData: { ImageId: AMI, InstanceType: 't3.micro', KeyName: 'none' } }));
  const id = LaunchTemplate!.LaunchTemplateId!;
  const v2 = await client.send(new ec2.CreateLaunchTemplateVersionCommand({ LaunchTemplateId: id, SourceVersion: '1', LaunchTemplateData: { InstanceType: 't3.small' } }));
  assert.equal(v2.LaunchTemplateVersion!.VersionNumber, 2);
  assert.equal(v2.LaunchTemplateVersion!.DefaultVersion, false);
  assert.deepEqual([v2.LaunchTemplateVersion!.LaunchTemplateData!.ImageId, v2.LaunchTemplateVersion!.LaunchTemplateData!.InstanceType], [AMI, 't3.small']);
  await client.send(new ec2.CreateLaunchTemplateVersionCommand({ LaunchTemplateName: 'ver-lt', LaunchTemplateData: { ImageId: AMI } }));

  const latest = await client.send(new ec2.DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: id, Versions: ['$Latest', '$Default'] }));
  assert.deepEqual(latest.LaunchTemplateVersions!.map((v) => [v.VersionNumber, v.DefaultVersion]), [[3, false], [1, true]]);
  const all = await client.send(new ec2.DescribeLaunchTemplateVersionsCommand({ LaunchTemplateName: 'ver-lt' }));
  assert.deepEqual(all.LaunchTemplateVersions!.map((v) => v.VersionNumber), [1, 2, 3]);
  const range = await client.send(new ec2.DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: id, MinVersion: '2', MaxVersion: '3', Filters: [{ Name: 'instance-type', Values: ['t3.small'] }] }));
  assert.deepEqual(range.LaunchTemplateVersions!.map((v) => v.VersionNumber), [2]);

  const modified = await client.send(new ec2.ModifyLaunchTemplateCommand({ LaunchTemplateId: id, DefaultVersion: '2' }));
  assert.equal(modified.LaunchTemplate!.DefaultVersionNumber, 2);
  const def = await client.send(new ec2.DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: id, Filters: [{ Name: 'is-default-version', Values: ['true'] }] }));
  assert.deepEqual(def.LaunchTemplateVersions!.map((v) => v.VersionNumber), [2]);

  await assertAwsError(client.send(new ec2.DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: id, Versions: ['9'] })),
    { code: 'InvalidLaunchTemplateId.VersionNotFound', status: 400, message: `Could not find the specified version 9 for the launch template with ID ${id}.` });
  await assertAwsError(client.send(new ec2.ModifyLaunchTemplateCommand({ LaunchTemplateId: id, DefaultVersion: '7' })), { code: 'InvalidLaunchTemplateId.VersionNotFound', status: 400 });
  await assertAwsError(client.send(new ec2.DescribeLaunchTemplateVersionsCommand({ LaunchTemplateName: 'nope-lt' })),
    { code: 'InvalidLaunchTemplateName.NotFoundException', status: 400, message: 'The specified launch template, with template name nope-lt, does not exist.' });
  await assertAwsError(client.send(new ec2.DescribeLaunchTemplatesCommand({ LaunchTemplateIds: ['lt-0123456789abcdef0'] })),
    { code: 'InvalidLaunchTemplateId.NotFound', status: 400, message: 'The specified launch template, with template ID lt-0123456789abcdef0, does not exist.' });
  await assertAwsError(client.send(new ec2.DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['ver-lt', 'nope-lt'] })),
    { code: 'InvalidLaunchTemplateName.NotFoundException', status: 400, message: 'At least one of the launch templates specified in the request does not exist.' });
});

test('DeleteLaunchTemplateVersions reports each version; the default cannot go; DeleteLaunchTemplate frees the name', async () => {
  const { LaunchTemplate } = await client.send(new ec2.CreateLaunchTemplateCommand({ LaunchTemplateName: 'del-lt', LaunchTemplateData: { ImageId: AMI } }));
  const id = LaunchTemplate!.LaunchTemplateId!;
  await client.send(new ec2.CreateLaunchTemplateVersionCommand({ LaunchTemplateId: id, LaunchTemplateData: { ImageId: AMI } }));
  const r = await client.send(new ec2.DeleteLaunchTemplateVersionsCommand({ LaunchTemplateId: id, Versions: ['1', '2', '5'] }));
  assert.deepEqual(r.SuccessfullyDeletedLaunchTemplateVersions!.map((v) => v.VersionNumber), [2]);
  assert.deepEqual(r.UnsuccessfullyDeletedLaunchTemplateVersions!.map((v) => [v.VersionNumber, v.ResponseError!.Code]), [[1, 'unexpectedError'], [5, 'launchTemplateVersionDoesNotExist']]);
  const lt = (await client.send(new ec2.DescribeLaunchTemplatesCommand({ LaunchTemplateIds: [id] }))).LaunchTemplates![0]!;
  assert.equal(lt.LatestVersionNumber, 1, '$Latest falls back to the highest remaining version');
  const v = await client.send(new ec2.CreateLaunchTemplateVersionCommand({ LaunchTemplateId: id, LaunchTemplateData: { ImageId: AMI } }));
  assert.equal(v.LaunchTemplateVersion!.VersionNumber, 3, 'numbers are not reused');
  const deleted = await client.send(new ec2.DeleteLaunchTemplateCommand({ LaunchTemplateName: 'del-lt' }));
  assert.equal(deleted.LaunchTemplate!.LaunchTemplateId, id);
  await assertAwsError(client.send(new ec2.DeleteLaunchTemplateCommand({ LaunchTemplateId: id })), { code: 'InvalidLaunchTemplateId.NotFound', status: 400 });
  await client.send(new ec2.CreateLaunchTemplateCommand({ LaunchTemplateName: 'del-lt', LaunchTemplateData: { ImageId: AMI } }));
});

test('RunInstances takes the template version, explicit parameters win, and the instance carries the template tags', async () => {
  const { GroupId } = await client.send(new ec2.CreateSecurityGroupCommand({ GroupName: 'lt-sg', Description: 'lt' }));
  const { LaunchTemplate } = await client.send(new ec2.CreateLaunchTemplateCommand({
    LaunchTemplateName: 'run-lt',
    LaunchTemplateData: {
      ImageId: AMI, InstanceType: 't3.micro', SecurityGroupIds: [GroupId!], DisableApiTermination: true,
      UserData: Buffer.from('#!/bin/sh\necho hi\n').toString('base64'),
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'from-template' }, { Key: 'tier', Value: 'web' }] }],
    },
  }));
  await client.send(new ec2.CreateLaunchTemplateVersionCommand({ LaunchTemplateName: 'run-lt', SourceVersion: '1', LaunchTemplateData: { InstanceType: 't3.small' } }));
  const r = await client.send(new ec2.RunInstancesCommand({
    MinCount: 1, MaxCount: 1, LaunchTemplate: { LaunchTemplateName: 'run-lt', Version: '$Latest' },
    TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'explicit' }] }],
  }));
  const i = r.Instances![0]!;
  assert.equal(i.ImageId, AMI);
  assert.equal(i.InstanceType, 't3.small');
  assert.deepEqual(i.SecurityGroups!.map((g) => g.GroupId), [GroupId]);
  const tags = Object.fromEntries(i.Tags!.map((t) => [t.Key, t.Value]));
  assert.deepEqual(tags, { 'Name': 'explicit', 'tier': 'web', 'aws:ec2launchtemplate:id': LaunchTemplate!.LaunchTemplateId, 'aws:ec2launchtemplate:version': '2' });
  const attr = await client.send(new ec2.DescribeInstanceAttributeCommand({ InstanceId: i.InstanceId!, Attribute: 'disableApiTermination' }));
  assert.equal(attr.DisableApiTermination!.Value, true);

  const typed = await client.send(new ec2.RunInstancesCommand({ MinCount: 1, MaxCount: 1, InstanceType: 'c5.large', LaunchTemplate: { LaunchTemplateId: LaunchTemplate!.LaunchTemplateId! } }));
  assert.equal(typed.Instances![0]!.InstanceType, 'c5.large', 'an explicit InstanceType overrides the default version');

  const data = await client.send(new ec2.GetLaunchTemplateDataCommand({ InstanceId: i.InstanceId! }));
  assert.equal(data.LaunchTemplateData!.ImageId, AMI);
  assert.equal(data.LaunchTemplateData!.InstanceType, 't3.small');
  assert.equal(data.LaunchTemplateData!.DisableApiTermination, true);
  assert.deepEqual(data.LaunchTemplateData!.TagSpecifications![0]!.Tags!.map((t) => t.Key).sort(), ['Name', 'tier']);

  await assertAwsError(client.send(new ec2.RunInstancesCommand({ MinCount: 1, MaxCount: 1, LaunchTemplate: { LaunchTemplateName: 'run-lt', Version: '4' } })),
    { code: 'InvalidLaunchTemplateId.VersionNotFound', status: 400 });
  await assertAwsError(client.send(new ec2.RunInstancesCommand({ MinCount: 1, MaxCount: 1, LaunchTemplate: { LaunchTemplateName: 'missing-lt' } })),
    { code: 'InvalidLaunchTemplateName.NotFoundException', status: 400 });
});
