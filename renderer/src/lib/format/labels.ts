import type { Owner, ServiceType } from '../../../../electron/api/wire-types';

export const serviceTypeLabels: Record<ServiceType, string> = {
  core: 'Core model',
  iaas: 'IaaS',
  paas: 'PaaS',
  saas: 'SaaS',
  'shared-controls': 'Shared controls',
  identity: 'Identity and access',
  'security-services': 'Security services',
  scenarios: 'Scenarios',
  terminology: 'Terminology',
  practice: 'Exam practice',
  custom: 'Your decks',
};

export const serviceTypeOrder: ServiceType[] = [
  'core', 'iaas', 'paas', 'saas', 'shared-controls', 'identity', 'security-services', 'scenarios', 'terminology', 'practice', 'custom',
];

export const ownerLabels: Record<Owner, string> = { aws: 'AWS', customer: 'Customer', shared: 'Shared' };

export const gradeLabels = { 1: 'Again', 2: 'Hard', 3: 'Good', 4: 'Easy' } as const;

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}
