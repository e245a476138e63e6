/**
 * Human titles of the sources the built-in cards are written from: the five
 * source documents, named by file, and the current AWS pages that cover what
 * those documents predate, named by address. Cards name their source by that
 * key (stable, and what the deck files hold); learners see these titles,
 * which carry the page's address. Pure data: the renderer and the deck tests
 * read it too.
 */
export const sourceTitles: Readonly<Record<string, string>> = {
  '000_08096f148d9374b5.txt': 'AWS Shared Responsibility Security Model — study notes by Keshav Kummari',
  '001_e80394031ba5a2d4.txt': 'AWS Shared Responsibility Model — AWS training lesson',
  '002_dbfda42c32b847e0.txt': 'AWS Shared Responsibility Model — exam summary: shared controls, root user, security services',
  '003_45311565086c6c73.txt': 'Describe the shared responsibility model in AWS security — interview answer',
  '004_6a77e7640cc3aed5.txt': 'The Shared Responsibility Model — customer duties, best practices and practice test',
  // Current AWS documentation, for what the documents above predate; the page's address is the source.
  'https://aws.amazon.com/compliance/shared-responsibility-model/': 'Shared Responsibility Model — AWS (aws.amazon.com/compliance/shared-responsibility-model)',
  'https://docs.aws.amazon.com/chime/': 'Amazon Chime Documentation — end of support notice (docs.aws.amazon.com/chime)',
  'https://docs.aws.amazon.com/connect/latest/APIReference/Welcome.html': 'Welcome — Amazon Connect API Reference (docs.aws.amazon.com/connect/latest/APIReference/Welcome.html)',
  'https://docs.aws.amazon.com/lambda/latest/dg/runtime-management-shared.html':
    'Understanding the shared responsibility model for Lambda runtime management — AWS Lambda Developer Guide (docs.aws.amazon.com/lambda/latest/dg/runtime-management-shared.html)',
  'https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html':
    'Understanding how Lambda manages runtime version updates — AWS Lambda Developer Guide (docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html)',
  'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/AWS_Fargate.html':
    'Architect for AWS Fargate for Amazon ECS — Amazon ECS Developer Guide (docs.aws.amazon.com/AmazonECS/latest/developerguide/AWS_Fargate.html)',
  'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-shared-model.html':
    'Shared responsibility model for Amazon ECS — Amazon ECS Developer Guide (docs.aws.amazon.com/AmazonECS/latest/developerguide/security-shared-model.html)',
  'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-fargate.html':
    'Fargate security best practices in Amazon ECS — Amazon ECS Developer Guide (docs.aws.amazon.com/AmazonECS/latest/developerguide/security-fargate.html)',
  'https://docs.aws.amazon.com/eks/latest/best-practices/reliability.html':
    'Best Practices for Reliability — Amazon EKS Best Practices Guide (docs.aws.amazon.com/eks/latest/best-practices/reliability.html)',
  'https://docs.aws.amazon.com/wellarchitected/latest/data-residency-hybrid-cloud-services-lens/drhcsec06-bp01.html':
    'DRHCSEC06-BP01 Restrict the number of people authorized to gain physical access to your AWS Outposts — Data Residency and Hybrid Cloud Lens (docs.aws.amazon.com/wellarchitected/latest/data-residency-hybrid-cloud-services-lens/drhcsec06-bp01.html)',
  'https://docs.aws.amazon.com/outposts/latest/APIReference/API_UpdateSiteRackPhysicalProperties.html':
    'UpdateSiteRackPhysicalProperties — AWS Outposts API Reference (docs.aws.amazon.com/outposts/latest/APIReference/API_UpdateSiteRackPhysicalProperties.html)',
  'https://docs.aws.amazon.com/outposts/latest/APIReference/Welcome.html': 'Welcome — AWS Outposts API Reference (docs.aws.amazon.com/outposts/latest/APIReference/Welcome.html)',
  'https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/environment-platform-update-managed.html':
    'Managed platform updates — AWS Elastic Beanstalk Developer Guide (docs.aws.amazon.com/elasticbeanstalk/latest/dg/environment-platform-update-managed.html)',
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html':
    'Multi-factor authentication for AWS account root user — IAM User Guide (docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html)',
  'https://docs.aws.amazon.com/awssupport/latest/user/get-started-with-aws-trusted-advisor-api.html':
    'Get started with the Trusted Advisor API — AWS Support User Guide (docs.aws.amazon.com/awssupport/latest/user/get-started-with-aws-trusted-advisor-api.html)',
  'https://aws.amazon.com/security/penetration-testing/': 'Penetration Testing — AWS Security (aws.amazon.com/security/penetration-testing)',
  'https://docs.aws.amazon.com/guardduty/latest/ug/what-is-guardduty.html': 'What is Amazon GuardDuty? — Amazon GuardDuty User Guide (docs.aws.amazon.com/guardduty/latest/ug/what-is-guardduty.html)',
  'https://docs.aws.amazon.com/kms/latest/cryptographic-details/basic-concepts.html':
    'Basic concepts — AWS KMS Cryptographic Details (docs.aws.amazon.com/kms/latest/cryptographic-details/basic-concepts.html)',
  'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html':
    'Using server-side encryption with Amazon S3 managed keys (SSE-S3) — Amazon S3 User Guide (docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html)',
  'https://docs.aws.amazon.com/prescriptive-guidance/latest/encryption-best-practices/s3.html':
    'Amazon Simple Storage Service — AWS Prescriptive Guidance, encryption best practices (docs.aws.amazon.com/prescriptive-guidance/latest/encryption-best-practices/s3.html)',
  'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/infrastructure-security.html':
    'Infrastructure security in Amazon RDS — Amazon RDS User Guide (docs.aws.amazon.com/AmazonRDS/latest/UserGuide/infrastructure-security.html)',
};

/** The source documents quoted word for word from files beside the repository; the rest are AWS pages, named by address. */
export const sourceDocumentFiles: readonly string[] = Object.keys(sourceTitles).filter((source) => !source.startsWith('https://'));

/** The title to show for a card's source; imported cards keep whatever their file named. */
export function sourceTitleOf(source: string): string {
  return Object.hasOwn(sourceTitles, source) ? (sourceTitles[source] as string) : source;
}
