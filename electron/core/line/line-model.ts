import type { Owner, ResponsibilityLayer } from '../domain/types.js';
import type { LineLayer, LineService } from './line-types.js';

/*
 * Where the line falls, layer by layer, for six services. The owners follow
 * the source documents: IaaS leaves everything above the hypervisor to the
 * customer; PaaS (RDS, Lambda) and managed services (S3, DynamoDB) take the
 * OS, platform and service software; SaaS (Amazon Connect) leaves the customer its
 * data and who may use it. A cell's cards are the built-in responsibility
 * cards whose `layer` is the row and whose `service` is the column's: the
 * deck files say where each card sits, the model only says who owns the cell
 * and why.
 */

export const lineLayers: readonly (LineLayer & { id: ResponsibilityLayer })[] = [
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

/** The `service` a card names to sit in each column. */
export const lineColumnServices: Readonly<Record<string, string>> = {
  ec2: 'Amazon EC2',
  rds: 'Amazon RDS',
  lambda: 'AWS Lambda',
  s3: 'Amazon S3',
  dynamodb: 'Amazon DynamoDB',
  connect: 'Amazon Connect',
};

export interface LineCellSpec {
  owner: Owner;
  why: string;
}

type Row = Record<(typeof lineServices)[number]['id'], LineCellSpec>;

const foundation: LineCellSpec = {
  owner: 'aws',
  why: 'The global infrastructure that runs every service is protected by AWS.',
};
const facilities: LineCellSpec = {
  owner: 'aws',
  why: 'Physical security of the data centers is security OF the cloud.',
};

export const lineCells: Readonly<Record<string, Row>> = {
  data: {
    ec2: { owner: 'customer', why: 'The data on instances and volumes, and its backups, are the customer’s.' },
    rds: { owner: 'customer', why: 'AWS runs the database; the data, its classification and its retention stay with the customer.' },
    lambda: { owner: 'customer', why: 'With PaaS the customer still manages the data and classifies the assets.' },
    s3: { owner: 'customer', why: 'What is stored in a bucket, how sensitive it is and how it is versioned is the customer’s.' },
    dynamodb: { owner: 'customer', why: 'A managed table does not change who owns the items in it.' },
    connect: { owner: 'customer', why: 'Call recordings and transcripts are still the customer’s content, whoever hosts the software.' },
  },
  platform: {
    ec2: { owner: 'customer', why: 'On IaaS the customer runs the applications and manages the identities that use them.' },
    rds: { owner: 'shared', why: 'AWS provisions and runs the database platform; the customer applies the permissions.' },
    lambda: { owner: 'shared', why: 'AWS operates the platform; the customer brings the code and its permissions.' },
    s3: { owner: 'shared', why: 'AWS secures the S3 service; bucket access and the protection of the objects are the customer’s.' },
    dynamodb: { owner: 'shared', why: 'AWS runs the table service; IAM decides who may read and write it.' },
    connect: { owner: 'shared', why: 'AWS hosts the application; the company decides which agents sign in and with what rights.' },
  },
  'os-network': {
    ec2: { owner: 'customer', why: 'The guest OS, its patches, the security groups and the VPC are configured by the customer.' },
    rds: { owner: 'shared', why: 'AWS patches the OS and configures the platform firewall; the customer sets who may connect.' },
    lambda: { owner: 'aws', why: 'Lambda is fully managed: AWS handles the operating system.' },
    s3: { owner: 'aws', why: 'There is no OS to manage: AWS secures the managed service.' },
    dynamodb: { owner: 'aws', why: 'AWS secures the servers and software that run DynamoDB.' },
    connect: { owner: 'aws', why: 'With SaaS the customer manages none of the infrastructure behind the service.' },
  },
  encryption: {
    ec2: { owner: 'customer', why: 'Whether volumes are encrypted and how the application’s traffic is protected is the customer’s choice.' },
    rds: { owner: 'customer', why: 'AWS provides the encryption services; using them correctly is the customer’s.' },
    lambda: { owner: 'customer', why: 'The data an application sends to its users is the customer’s to encrypt.' },
    s3: { owner: 'shared', why: 'S3 encrypts every new object by default, with keys it holds; keys the customer controls, client-side encryption and what counts as sensitive are the customer’s.' },
    dynamodb: { owner: 'shared', why: 'AWS encrypts the traffic to the DynamoDB endpoints; what the application encrypts itself, and with which keys, is the customer’s.' },
    connect: { owner: 'aws', why: 'The hosted service protects its own traffic, as AWS does for its API endpoints.' },
  },
  'service-software': {
    ec2: { owner: 'customer', why: 'Software installed on an instance, a database included, is patched by the customer.' },
    rds: { owner: 'aws', why: 'On RDS, AWS applies the database engine’s upgrades and patches.' },
    lambda: { owner: 'aws', why: 'AWS operates the infrastructure layer, the operating system and the platform.' },
    s3: { owner: 'aws', why: 'AWS keeps the S3 service itself available and reliable.' },
    dynamodb: { owner: 'aws', why: 'The software that runs DynamoDB is part of the managed service.' },
    connect: { owner: 'aws', why: 'SaaS is centrally hosted software, maintained by the provider.' },
  },
  foundation: {
    ec2: { owner: 'aws', why: 'The hypervisor, the host OS and the hardware under an instance are AWS’s.' },
    rds: { owner: 'aws', why: 'AWS provisions the database hardware and scales it.' },
    lambda: { owner: 'aws', why: 'AWS plans the capacity of the infrastructure that runs functions.' },
    s3: { owner: 'aws', why: 'The storage devices behind S3 are AWS hardware, decommissioned by AWS.' },
    dynamodb: { owner: 'aws', why: 'The servers, storage and network behind every table are AWS’s.' },
    connect: { owner: 'aws', why: 'The infrastructure that supports a SaaS offering is never the customer’s to manage.' },
  },
  global: {
    ec2: { owner: 'shared', why: 'AWS protects the Availability Zones; how many of them the instances use is the customer’s design.' },
    rds: { owner: 'shared', why: 'AWS protects the Availability Zones and runs a Multi-AZ standby; choosing Multi-AZ is the customer’s.' },
    lambda: foundation,
    s3: foundation,
    dynamodb: foundation,
    connect: foundation,
  },
  facilities: { ec2: facilities, rds: facilities, lambda: facilities, s3: facilities, dynamodb: facilities, connect: facilities },
};
