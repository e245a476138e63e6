/**
 * A small deck with one card of every kind and state a review can reach,
 * written to show the hard cases: a five-option single-answer card with a
 * long question and a long explanation (the feedback must still fit above
 * the grade bar at 900×650), a five-option multi-answer card, and two
 * responsibility cards to answer once right and once wrong.
 */
export const reviewSampleDeck = {
  format: 'demarc-deck/1',
  id: 'review-sample',
  title: 'Review sample: every card kind',
  serviceType: 'practice',
  description: 'One card of each kind, for checking every review state.',
  cards: [
    {
      id: 'sample-owner-right',
      kind: 'responsibility',
      prompt: 'Rotating the access keys of an IAM user the customer created',
      owner: 'customer',
      service: 'AWS IAM',
      explanation: 'IAM users, their credentials and their rotation belong to the customer; AWS runs the IAM service itself.',
      source: '001_e80394031ba5a2d4.txt',
    },
    {
      id: 'sample-owner-wrong',
      kind: 'responsibility',
      prompt: 'Replacing a failed disk in the data centre behind an EBS volume',
      owner: 'aws',
      service: 'Amazon EBS',
      explanation: 'The physical storage under EBS, and every part of the data centre, is run and repaired by AWS.',
      source: '001_e80394031ba5a2d4.txt',
    },
    {
      id: 'sample-basic',
      kind: 'basic',
      front: 'What does “security of the cloud” cover?',
      back: 'The hardware, software, networking and facilities that run AWS services.',
      explanation: 'AWS is responsible for protecting the infrastructure that runs all of the services offered in the AWS Cloud.',
      source: '000_08096f148d9374b5.txt',
    },
    {
      id: 'sample-choice-five',
      kind: 'choice',
      question:
        'A company runs a web application on Amazon EC2 instances behind a load balancer and stores its data in a self-managed database on those instances. Which party is responsible for patching the database engine?',
      options: [
        'AWS, because the database runs in an AWS Region',
        'AWS, because EC2 is a managed service',
        'Both, in equal parts, under the shared model',
        'Neither: the database vendor patches it remotely',
        'The customer, who installed and runs the database software',
      ],
      answer: [4],
      explanation:
        'On EC2 the customer controls the guest operating system and everything installed on it, so the customer patches a self-managed database engine. Had the company used Amazon RDS instead, AWS would patch the engine and the customer would choose the maintenance window. The instance being in an AWS Region does not move that line: the Region only sets where the physical infrastructure that AWS secures is located.',
      source: '002_dbfda42c32b847e0.txt',
    },
    {
      id: 'sample-choice-multi',
      kind: 'choice',
      question: 'Which of these does AWS manage for Amazon RDS? (Choose three.)',
      options: ['Patching the database engine', 'Backing up the host', 'Creating database users', 'Replacing failed hardware', 'Choosing who may connect'],
      answer: [0, 1, 3],
      explanation: 'AWS patches the engine and runs the hosts and hardware; the customer manages database users and network access.',
      source: '002_dbfda42c32b847e0.txt',
    },
  ],
};
