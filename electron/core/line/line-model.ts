import type { Owner } from '../domain/types.js';
import type { LineLayer, LineService } from './line-types.js';

/*
 * Where the line falls, layer by layer, for six services. The owners follow
 * the source documents: IaaS leaves everything above the hypervisor to the
 * customer; PaaS (RDS, Lambda) and managed services (S3, DynamoDB) take the
 * OS, platform and service software; SaaS (Amazon Connect) leaves the customer its
 * data and who may use it. Each cell names the built-in cards (by id) that teach it.
 */

export const lineLayers: readonly LineLayer[] = [
  { id: 'data', label: 'Customer data' },
  { id: 'platform', label: 'Platform, applications, identity and access' },
  { id: 'os-network', label: 'Guest OS, network and firewall configuration' },
  { id: 'encryption', label: 'Client- and server-side encryption, network traffic protection' },
  { id: 'service-software', label: 'The service’s software' },
  { id: 'foundation', label: 'Compute, storage, database, networking' },
  { id: 'global', label: 'Regions, Availability Zones, edge locations' },
  { id: 'facilities', label: 'Facilities' },
];

export const lineServices: readonly LineService[] = [
  { id: 'ec2', label: 'Amazon EC2', model: 'IaaS' },
  { id: 'rds', label: 'Amazon RDS', model: 'PaaS' },
  { id: 'lambda', label: 'AWS Lambda', model: 'PaaS' },
  { id: 's3', label: 'Amazon S3', model: 'Managed' },
  { id: 'dynamodb', label: 'Amazon DynamoDB', model: 'Managed' },
  { id: 'connect', label: 'Amazon Connect', model: 'SaaS' },
];

export interface LineCellSpec {
  owner: Owner;
  why: string;
  cardKeys: readonly string[];
}

type Row = Record<(typeof lineServices)[number]['id'], LineCellSpec>;

const foundation: LineCellSpec = {
  owner: 'aws',
  why: 'The global infrastructure that runs every service is protected by AWS.',
  cardKeys: ['core-global-infrastructure', 'core-choice-global-infrastructure', 'practice-tf-customer-global-infra'],
};
const facilities: LineCellSpec = {
  owner: 'aws',
  why: 'Physical security of the data centers is security OF the cloud.',
  cardKeys: ['core-physical-environment', 'core-dc-guards-surveillance', 'dc-need-based-access', 'scenario-data-center-intruder'],
};

export const lineCells: Readonly<Record<string, Row>> = {
  data: {
    ec2: { owner: 'customer', why: 'The data on instances and volumes, and its backups, are the customer’s.', cardKeys: ['core-content-what-to-store', 'scenario-ec2-database-backups', 'core-content-country'] },
    rds: { owner: 'customer', why: 'AWS runs the database; the data, its classification and its retention stay with the customer.', cardKeys: ['rds-data-classification', 'rds-backup-retention'] },
    lambda: { owner: 'customer', why: 'With PaaS the customer still manages the data and classifies the assets.', cardKeys: ['paas-customer-duties', 'practice-tf-paas-permissions'] },
    s3: { owner: 'customer', why: 'What is stored in a bucket, how sensitive it is and how it is versioned is the customer’s.', cardKeys: ['s3-data-classification', 'scenario-s3-personal-data-labels', 's3-versioning-integrity'] },
    dynamodb: { owner: 'customer', why: 'A managed table does not change who owns the items in it.', cardKeys: ['core-content-services', 'core-content-format'] },
    connect: { owner: 'customer', why: 'Call recordings and transcripts are still the customer’s content, whoever hosts the software.', cardKeys: ['connect-contact-recordings'] },
  },
  platform: {
    ec2: { owner: 'customer', why: 'On IaaS the customer runs the applications and manages the identities that use them.', cardKeys: ['ec2-installed-software', 'ec2-app-passwords-rbac', 'iam-users-groups', 'iaas-access-controls'] },
    rds: { owner: 'shared', why: 'AWS provisions and runs the database platform; the customer applies the permissions.', cardKeys: ['rds-provisioning', 'rds-data-permissions'] },
    lambda: { owner: 'shared', why: 'AWS operates the platform; the customer brings the code and its permissions.', cardKeys: ['lambda-application-security', 'lambda-function-code', 'lambda-permissions'] },
    s3: { owner: 'shared', why: 'AWS secures the S3 service; bucket access and the protection of the objects are the customer’s.', cardKeys: ['s3-object-protection', 'scenario-classroom-s3-bucket-access'] },
    dynamodb: { owner: 'shared', why: 'AWS runs the table service; IAM decides who may read and write it.', cardKeys: ['dynamodb-table-protection', 'dynamodb-data-access'] },
    connect: { owner: 'shared', why: 'AWS hosts the application; the company decides which agents sign in and with what rights.', cardKeys: ['connect-agent-access', 'connect-software-updates'] },
  },
  'os-network': {
    ec2: { owner: 'customer', why: 'The guest OS, its patches, the security groups and the VPC are configured by the customer.', cardKeys: ['ec2-guest-os-patching', 'ec2-security-groups', 'ec2-host-firewall', 'vpc-network-configuration'] },
    rds: { owner: 'shared', why: 'AWS patches the OS and configures the platform firewall; the customer sets who may connect.', cardKeys: ['rds-os-patching', 'rds-network-access'] },
    lambda: { owner: 'aws', why: 'Lambda is fully managed: AWS handles the operating system.', cardKeys: ['lambda-os-management', 'scenario-lambda-os-vulnerability'] },
    s3: { owner: 'aws', why: 'There is no OS to manage: AWS secures the managed service.', cardKeys: ['s3-service-security'] },
    dynamodb: { owner: 'aws', why: 'AWS secures the servers and software that run DynamoDB.', cardKeys: ['dynamodb-service-security'] },
    connect: { owner: 'aws', why: 'With SaaS the customer manages none of the infrastructure behind the service.', cardKeys: ['connect-infrastructure'] },
  },
  encryption: {
    ec2: { owner: 'customer', why: 'Whether volumes are encrypted and how the application’s traffic is protected is the customer’s choice.', cardKeys: ['ebs-encryption-decision', 'scenario-tls-in-transit'] },
    rds: { owner: 'customer', why: 'AWS provides the encryption services; using them correctly is the customer’s.', cardKeys: ['encryption-services-correct-use'] },
    lambda: { owner: 'customer', why: 'The data an application sends to its users is the customer’s to encrypt.', cardKeys: ['practice-tf-encrypt-in-transit'] },
    s3: { owner: 'customer', why: 'S3 encrypts new objects by default; the keys and any client-side encryption are the customer’s choice.', cardKeys: ['s3-sensitive-data-encryption', 'scenario-client-side-encryption'] },
    dynamodb: { owner: 'customer', why: 'Encrypting application data is on the customer’s side of the list.', cardKeys: ['core-encrypt-application-data', 'encrypt-data-at-rest-kms-cloudhsm'] },
    connect: { owner: 'aws', why: 'The hosted service protects its own traffic, as AWS does for its API endpoints.', cardKeys: ['core-api-endpoints-ssl'] },
  },
  'service-software': {
    ec2: { owner: 'customer', why: 'Software installed on an instance, a database included, is patched by the customer.', cardKeys: ['ec2-database-software-patching', 'scenario-classroom-oracle-on-ec2'] },
    rds: { owner: 'aws', why: 'On RDS, AWS applies the database engine’s upgrades and patches.', cardKeys: ['rds-database-patching', 'scenario-classroom-oracle-on-rds'] },
    lambda: { owner: 'aws', why: 'AWS operates the infrastructure layer, the operating system and the platform.', cardKeys: ['paas-why-lambda-rds', 'lambda-capacity-planning'] },
    s3: { owner: 'aws', why: 'AWS keeps the S3 service itself available and reliable.', cardKeys: ['s3-service-availability'] },
    dynamodb: { owner: 'aws', why: 'The software that runs DynamoDB is part of the managed service.', cardKeys: ['dynamodb-service-security'] },
    connect: { owner: 'aws', why: 'SaaS is centrally hosted software, maintained by the provider.', cardKeys: ['connect-software-updates'] },
  },
  foundation: {
    ec2: { owner: 'aws', why: 'The hypervisor, the host OS and the hardware under an instance are AWS’s.', cardKeys: ['ec2-hypervisor-isolation', 'ec2-host-os-patching', 'ebs-device-decommissioning', 'aws-network-device-acls'] },
    rds: { owner: 'aws', why: 'AWS provisions the database hardware and scales it.', cardKeys: ['rds-hardware-scaling'] },
    lambda: { owner: 'aws', why: 'AWS plans the capacity of the infrastructure that runs functions.', cardKeys: ['lambda-capacity-planning', 'paas-resource-procurement'] },
    s3: { owner: 'aws', why: 'The storage devices behind S3 are AWS hardware, decommissioned by AWS.', cardKeys: ['core-storage-decommissioning', 'core-hardware-infrastructure'] },
    dynamodb: { owner: 'aws', why: 'The servers, storage and network behind every table are AWS’s.', cardKeys: ['core-hardware-infrastructure', 'core-network-infrastructure'] },
    connect: { owner: 'aws', why: 'The infrastructure that supports a SaaS offering is never the customer’s to manage.', cardKeys: ['connect-infrastructure'] },
  },
  global: { ec2: foundation, rds: foundation, lambda: foundation, s3: foundation, dynamodb: foundation, connect: foundation },
  facilities: { ec2: facilities, rds: facilities, lambda: facilities, s3: facilities, dynamodb: facilities, connect: facilities },
};
