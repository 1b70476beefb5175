// EC2's operation table typed against the generated Ec2Api: every implemented operation and its handler module.
// Operations not listed answer NotImplemented (501) through the runtime.
import type * as api from '../../generated/ec2/api.js';
import { operationTable } from '../service-definition.js';
import * as account from './account-operations.js';
import type { Ec2Context } from './context.js';
import * as dhcp from './dhcp-operations.js';
import * as gateways from './gateway-operations.js';
import * as insights from './insights-operations.js';
import * as instances from './instance-operations.js';
import * as templates from './launch-templates.js';
import { getLaunchTemplateData } from './launch-template-use.js';
import * as enis from './interface-operations.js';
import * as peering from './peering-operations.js';
import * as routes from './route-operations.js';
import * as security from './security-operations.js';
import * as tags from './tag-operations.js';
import * as volumes from './volume-operations.js';
import * as snapshots from './snapshot-operations.js';
import * as vpcs from './vpc-operations.js';
import * as egress from './egress-gateway-operations.js';
import * as prefixLists from './prefix-list-operations.js';
import { modifyInstanceMetadataOptions } from './metadata-options.js';
import * as vgw from './vpn-gateway-operations.js';
import * as privateIps from './private-ip-operations.js';

export const EC2_OPERATIONS = operationTable<api.Ec2Api, Ec2Context>()({
  CreateVpc: vpcs.createVpc,
  DescribeVpcs: vpcs.describeVpcs,
  DeleteVpc: vpcs.deleteVpc,
  AssociateVpcCidrBlock: vpcs.associateVpcCidrBlock,
  AssociateSubnetCidrBlock: vpcs.associateSubnetCidrBlock,
  DisassociateSubnetCidrBlock: vpcs.disassociateSubnetCidrBlock,
  DisassociateVpcCidrBlock: vpcs.disassociateVpcCidrBlock,
  ModifyVpcAttribute: vpcs.modifyVpcAttribute,
  DescribeVpcAttribute: vpcs.describeVpcAttribute,
  CreateSubnet: vpcs.createSubnet,
  DescribeSubnets: vpcs.describeSubnets,
  DeleteSubnet: vpcs.deleteSubnet,
  ModifySubnetAttribute: vpcs.modifySubnetAttribute,

  CreateRouteTable: routes.createRouteTable,
  DescribeRouteTables: routes.describeRouteTables,
  DeleteRouteTable: routes.deleteRouteTable,
  CreateRoute: routes.createRoute,
  ReplaceRoute: routes.replaceRoute,
  DeleteRoute: routes.deleteRoute,
  AssociateRouteTable: routes.associateRouteTable,
  DisassociateRouteTable: routes.disassociateRouteTable,
  ReplaceRouteTableAssociation: routes.replaceRouteTableAssociation,

  CreateDhcpOptions: dhcp.createDhcpOptions,
  DescribeDhcpOptions: dhcp.describeDhcpOptions,
  AssociateDhcpOptions: dhcp.associateDhcpOptions,
  DeleteDhcpOptions: dhcp.deleteDhcpOptions,

  CreateInternetGateway: gateways.createInternetGateway,
  DescribeInternetGateways: gateways.describeInternetGateways,
  AttachInternetGateway: gateways.attachInternetGateway,
  DetachInternetGateway: gateways.detachInternetGateway,
  DeleteInternetGateway: gateways.deleteInternetGateway,
  CreateEgressOnlyInternetGateway: egress.createEgressOnlyInternetGateway,
  DescribeEgressOnlyInternetGateways: egress.describeEgressOnlyInternetGateways,
  DeleteEgressOnlyInternetGateway: egress.deleteEgressOnlyInternetGateway,
  CreateManagedPrefixList: prefixLists.createManagedPrefixList,
  DescribeManagedPrefixLists: prefixLists.describeManagedPrefixLists,
  GetManagedPrefixListEntries: prefixLists.getManagedPrefixListEntries,
  ModifyManagedPrefixList: prefixLists.modifyManagedPrefixList,
  DeleteManagedPrefixList: prefixLists.deleteManagedPrefixList,
  DescribePrefixLists: prefixLists.describePrefixLists,
  CreateVpnGateway: vgw.createVpnGateway,
  DescribeVpnGateways: vgw.describeVpnGateways,
  AttachVpnGateway: vgw.attachVpnGateway,
  DetachVpnGateway: vgw.detachVpnGateway,
  DeleteVpnGateway: vgw.deleteVpnGateway,
  EnableVgwRoutePropagation: vgw.enableVgwRoutePropagation,
  DisableVgwRoutePropagation: vgw.disableVgwRoutePropagation,
  ...vgw.VPN_NOT_MODELLED,
  CreateNatGateway: gateways.createNatGateway,
  DescribeNatGateways: gateways.describeNatGateways,
  DeleteNatGateway: gateways.deleteNatGateway,
  AllocateAddress: gateways.allocateAddress,
  DescribeAddresses: gateways.describeAddresses,
  AssociateAddress: gateways.associateAddress,
  DisassociateAddress: gateways.disassociateAddress,
  ReleaseAddress: gateways.releaseAddress,

  CreateSecurityGroup: security.createSecurityGroup,
  DescribeSecurityGroups: security.describeSecurityGroups,
  DeleteSecurityGroup: security.deleteSecurityGroup,
  AuthorizeSecurityGroupIngress: security.authorizeSecurityGroupIngress,
  AuthorizeSecurityGroupEgress: security.authorizeSecurityGroupEgress,
  RevokeSecurityGroupIngress: security.revokeSecurityGroupIngress,
  RevokeSecurityGroupEgress: security.revokeSecurityGroupEgress,
  DescribeSecurityGroupRules: security.describeSecurityGroupRules,
  CreateNetworkAcl: security.createNetworkAcl,
  DescribeNetworkAcls: security.describeNetworkAcls,
  DeleteNetworkAcl: security.deleteNetworkAcl,
  CreateNetworkAclEntry: security.createNetworkAclEntry,
  ReplaceNetworkAclEntry: security.replaceNetworkAclEntry,
  DeleteNetworkAclEntry: security.deleteNetworkAclEntry,
  ReplaceNetworkAclAssociation: security.replaceNetworkAclAssociation,

  CreateVpcPeeringConnection: peering.createVpcPeeringConnection,
  AcceptVpcPeeringConnection: peering.acceptVpcPeeringConnection,
  RejectVpcPeeringConnection: peering.rejectVpcPeeringConnection,
  DeleteVpcPeeringConnection: peering.deleteVpcPeeringConnection,
  DescribeVpcPeeringConnections: peering.describeVpcPeeringConnections,
  ModifyVpcPeeringConnectionOptions: peering.modifyVpcPeeringConnectionOptions,

  CreateNetworkInterface: enis.createNetworkInterface,
  DescribeNetworkInterfaces: enis.describeNetworkInterfaces,
  DeleteNetworkInterface: enis.deleteNetworkInterface,
  ModifyNetworkInterfaceAttribute: enis.modifyNetworkInterfaceAttribute,
  AttachNetworkInterface: enis.attachNetworkInterface,
  AssignPrivateIpAddresses: privateIps.assignPrivateIpAddresses,
  UnassignPrivateIpAddresses: privateIps.unassignPrivateIpAddresses,
  DetachNetworkInterface: enis.detachNetworkInterface,

  RunInstances: instances.runInstances,
  DescribeInstances: instances.describeInstances,
  ModifyInstanceMetadataOptions: modifyInstanceMetadataOptions,
  StopInstances: instances.stopInstances,
  StartInstances: instances.startInstances,
  TerminateInstances: instances.terminateInstances,
  RebootInstances: instances.rebootInstances,
  DescribeInstanceStatus: instances.describeInstanceStatus,
  ModifyInstanceAttribute: instances.modifyInstanceAttribute,
  DescribeInstanceAttribute: instances.describeInstanceAttribute,
  GetConsoleOutput: instances.getConsoleOutput,

  CreateVolume: volumes.createVolume,
  DescribeVolumes: volumes.describeVolumes,
  DeleteVolume: volumes.deleteVolume,
  AttachVolume: volumes.attachVolume,
  DetachVolume: volumes.detachVolume,
  CreateSnapshot: snapshots.createSnapshot,
  CopySnapshot: snapshots.copySnapshot,
  DescribeSnapshots: snapshots.describeSnapshots,
  DeleteSnapshot: snapshots.deleteSnapshot,
  ModifySnapshotAttribute: snapshots.modifySnapshotAttribute,
  DescribeSnapshotAttribute: snapshots.describeSnapshotAttribute,
  ResetSnapshotAttribute: snapshots.resetSnapshotAttribute,

  CreateLaunchTemplate: templates.createLaunchTemplate,
  CreateLaunchTemplateVersion: templates.createLaunchTemplateVersion,
  DescribeLaunchTemplates: templates.describeLaunchTemplates,
  DescribeLaunchTemplateVersions: templates.describeLaunchTemplateVersions,
  ModifyLaunchTemplate: templates.modifyLaunchTemplate,
  DeleteLaunchTemplate: templates.deleteLaunchTemplate,
  DeleteLaunchTemplateVersions: templates.deleteLaunchTemplateVersions,
  GetLaunchTemplateData: getLaunchTemplateData,

  DescribeAvailabilityZones: account.describeAvailabilityZones,
  DescribeRegions: account.describeRegions,
  DescribeAccountAttributes: account.describeAccountAttributes,
  DescribeInstanceTypes: account.describeInstanceTypes,
  DescribeImages: account.describeImages,
  CreateImage: account.createImage,
  RegisterImage: account.registerImage,
  DeregisterImage: account.deregisterImage,
  CreateKeyPair: account.createKeyPair,
  ImportKeyPair: account.importKeyPair,
  DescribeKeyPairs: account.describeKeyPairs,
  DeleteKeyPair: account.deleteKeyPair,

  CreateTags: tags.createTags,
  DeleteTags: tags.deleteTags,
  DescribeTags: tags.describeTags,

  CreateNetworkInsightsPath: insights.createNetworkInsightsPath,
  DescribeNetworkInsightsPaths: insights.describeNetworkInsightsPaths,
  DeleteNetworkInsightsPath: insights.deleteNetworkInsightsPath,
  StartNetworkInsightsAnalysis: insights.startNetworkInsightsAnalysis,
  DescribeNetworkInsightsAnalyses: insights.describeNetworkInsightsAnalyses,
  DeleteNetworkInsightsAnalysis: insights.deleteNetworkInsightsAnalysis,
});
