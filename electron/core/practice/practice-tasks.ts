import type { CardContent, ServiceType } from '../domain/types.js';

/**
 * The AWS Certified Cloud Practitioner (CLF-C02) task statements, by the
 * exam guide's numbering: domain 2 (Security and Compliance) is what Demarc
 * teaches; the other domains are named so that items tagged with them read
 * right.
 */
export const taskStatements: Readonly<Record<string, string>> = {
  '1.1': 'Define the benefits of the AWS Cloud',
  '1.2': 'Identify design principles of the AWS Cloud',
  '1.3': 'Understand the benefits of and strategies for migration to the AWS Cloud',
  '1.4': 'Understand concepts of cloud economics',
  '2.1': 'Understand the AWS shared responsibility model',
  '2.2': 'Understand AWS Cloud security, governance, and compliance concepts',
  '2.3': 'Identify AWS access management capabilities',
  '2.4': 'Identify components and resources for security',
  '3.1': 'Define methods of deploying and operating in the AWS Cloud',
  '3.2': 'Define the AWS global infrastructure',
  '3.3': 'Identify AWS compute services',
  '3.4': 'Identify AWS database services',
  '3.5': 'Identify AWS network services',
  '3.6': 'Identify AWS storage services',
  '3.7': 'Identify AWS artificial intelligence and machine learning (AI/ML) services and analytics services',
  '3.8': 'Identify services from other in-scope AWS service categories',
  '4.1': 'Compare AWS pricing models',
  '4.2': 'Understand resources for billing, budget, and cost management',
  '4.3': 'Identify AWS technical resources and AWS Support options',
};

/** Where a card names no task statement, its deck's subject decides (the deck files name one for every card). */
const taskOfServiceType: Partial<Record<ServiceType, string>> = { identity: '2.3', 'security-services': '2.4' };

/**
 * The task statement a card serves: its own `task` field when its content
 * carries one (the deck format's field), else its deck's subject; the shared
 * responsibility model (2.1) for everything else Demarc ships.
 */
export function taskOf(content: CardContent, serviceType: ServiceType): string {
  const own = (content as { task?: unknown }).task;
  if (typeof own === 'string' && /^\d+(\.\d+)?$/.test(own)) return own;
  return taskOfServiceType[serviceType] ?? '2.1';
}

export function taskLabel(task: string): string {
  const title = taskStatements[task];
  return title ? `${task} ${title}` : `Task ${task}`;
}
