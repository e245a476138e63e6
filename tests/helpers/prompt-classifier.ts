// Can the wording of a responsibility prompt answer it without the service?
// A learner who has learnt "physical means AWS" scores without knowing the
// model; these measures find such cues the way a learner would, from the
// words alone, with the name of the service taken out (the service is what
// should decide the owner).
import type { Owner } from '../../electron/core/domain/types.js';

export interface LabelledPrompt {
  id: string;
  prompt: string;
  owner: Owner;
  service?: string;
}

/**
 * Service and product names, longest first so "Amazon EC2" goes before "EC2".
 * A name the list misses would stay in the words; deck-wording.test.ts checks
 * that no card's own service survives.
 */
export const serviceNames: readonly string[] = [
  'Amazon Elastic Compute Cloud',
  'Amazon Elastic Container Service',
  'Amazon Elastic Kubernetes Service',
  'Amazon Elastic Block Store',
  'Amazon Virtual Private Cloud',
  'Amazon Relational Database Service',
  'Amazon Simple Storage Service',
  'Amazon Simple Queue Service',
  'AWS Identity and Access Management',
  'AWS Key Management Service',
  'AWS Elastic Beanstalk',
  'Elastic Beanstalk',
  'AWS Trusted Advisor',
  'Trusted Advisor',
  'Amazon API Gateway',
  'API Gateway',
  'AWS Certificate Manager',
  'Certificate Manager',
  'Amazon CloudWatch',
  'AWS CloudTrail',
  'AWS CloudHSM',
  'AWS Outposts',
  'AWS Fargate',
  'AWS Lambda',
  'AWS Shield',
  'AWS Artifact',
  'AWS KMS',
  'AWS IAM',
  'Amazon Connect',
  'Amazon Aurora',
  'Amazon DynamoDB',
  'Amazon Chime',
  'Amazon EC2',
  'Amazon ECS',
  'Amazon EKS',
  'Amazon EBS',
  'Amazon VPC',
  'Amazon RDS',
  'Amazon SQS',
  'Amazon S3',
  'Beanstalk',
  'CloudWatch',
  'CloudTrail',
  'CloudHSM',
  'Outposts',
  'Outpost',
  'Fargate',
  'Lambda',
  'Shield',
  'Artifact',
  'Connect',
  'Aurora',
  'DynamoDB',
  'Chime',
  'Kubernetes',
  'EC2',
  'ECS',
  'EKS',
  'EBS',
  'VPC',
  'RDS',
  'SQS',
  'S3',
  'KMS',
  'IAM',
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const namePattern = new RegExp(`\\b(?:${serviceNames.map(escape).join('|')})\\b`, 'gi');

/** The prompt with every service name taken out, lower-cased, in words. */
export function promptWords(p: Pick<LabelledPrompt, 'prompt' | 'service'>): string[] {
  let text = p.prompt;
  if (p.service) text = text.replace(new RegExp(`\\b${escape(p.service)}\\b`, 'gi'), ' ');
  text = text.replace(namePattern, ' ');
  return text
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** What the classifier reads: each word, each pair of adjacent words, and the first word as a feature of its own. */
export function promptFeatures(p: Pick<LabelledPrompt, 'prompt' | 'service'>): string[] {
  const words = promptWords(p);
  const pairs = words.slice(1).map((w, i) => `${words[i]} ${w}`);
  return [...words, ...pairs, ...(words[0] ? [`^${words[0]}`] : [])];
}

const ownerOrder: readonly Owner[] = ['customer', 'aws', 'shared'];

/** The share of prompts whose owner is the most common one: what always answering that owner scores. */
export function majorityBaseline(prompts: readonly LabelledPrompt[]): { owner: Owner; accuracy: number } {
  const counts = ownerOrder.map((o) => prompts.filter((p) => p.owner === o).length);
  const best = counts.indexOf(Math.max(...counts));
  return { owner: ownerOrder[best]!, accuracy: counts[best]! / prompts.length };
}

/**
 * Leave-one-out multinomial naive Bayes over promptFeatures (Laplace
 * smoothing): each prompt is classified by a model trained on all the others.
 * Returns the share classified right and the ids of those it got right.
 */
export function leaveOneOutAccuracy(prompts: readonly LabelledPrompt[]): { accuracy: number; right: string[] } {
  const features = prompts.map(promptFeatures);
  const vocabulary = new Set(features.flat());
  const counts = new Map<Owner, Map<string, number>>(ownerOrder.map((o) => [o, new Map()]));
  const totals = new Map<Owner, number>(ownerOrder.map((o) => [o, 0]));
  const docs = new Map<Owner, number>(ownerOrder.map((o) => [o, 0]));
  prompts.forEach((p, i) => {
    const own = counts.get(p.owner)!;
    for (const f of features[i]!) own.set(f, (own.get(f) ?? 0) + 1);
    totals.set(p.owner, totals.get(p.owner)! + features[i]!.length);
    docs.set(p.owner, docs.get(p.owner)! + 1);
  });
  const right: string[] = [];
  prompts.forEach((p, i) => {
    const mine = features[i]!;
    let best: Owner | null = null;
    let bestScore = -Infinity;
    for (const owner of ownerOrder) {
      // Leave this prompt out of the counts it is judged by.
      const self = owner === p.owner;
      const docCount = docs.get(owner)! - (self ? 1 : 0);
      if (docCount <= 0) continue;
      const total = totals.get(owner)! - (self ? mine.length : 0);
      let score = Math.log(docCount / (prompts.length - 1));
      const own = counts.get(owner)!;
      const selfCounts = new Map<string, number>();
      if (self) for (const f of mine) selfCounts.set(f, (selfCounts.get(f) ?? 0) + 1);
      for (const f of mine) score += Math.log(((own.get(f) ?? 0) - (selfCounts.get(f) ?? 0) + 1) / (total + vocabulary.size));
      if (score > bestScore) {
        bestScore = score;
        best = owner;
      }
    }
    if (best === p.owner) right.push(p.id);
  });
  return { accuracy: right.length / prompts.length, right };
}

export interface Cue {
  feature: string;
  owner: Owner;
  /** Prompts holding the feature with that owner, of all prompts holding it. */
  cards: number;
  of: number;
}

/**
 * Words and phrases that point to one owner: held by at least `minCards`
 * prompts of that owner, and by prompts of other owners in no more than
 * `1 - minShare` of the prompts holding them.
 */
export function ownerCues(prompts: readonly LabelledPrompt[], minCards: number, minShare: number): Cue[] {
  const holders = new Map<string, Owner[]>();
  for (const p of prompts) for (const f of new Set(promptFeatures(p))) holders.set(f, [...(holders.get(f) ?? []), p.owner]);
  const cues: Cue[] = [];
  for (const [feature, owners] of holders) {
    for (const owner of ownerOrder) {
      const cards = owners.filter((o) => o === owner).length;
      if (cards >= minCards && cards / owners.length >= minShare) cues.push({ feature, owner, cards, of: owners.length });
    }
  }
  return cues.sort((a, b) => b.cards - a.cards || a.feature.localeCompare(b.feature));
}
