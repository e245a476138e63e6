/** What the learner asks the simulator: their own collection, the next `days` days, at two desired retentions. */
export interface SimulatorRequest {
  days: number;
  retentions: [number, number];
  newPerDay: number;
  reviewsPerDay: number;
  /** Only these decks (all when empty). */
  deckIds: string[];
}

export interface SimulatedDay {
  /** YYYY-MM-DD. */
  date: string;
  reviews: number;
  minutes: number;
  /** Cards memorised at the end of the day (sum of recall probabilities). */
  memorised: number;
}

export interface SimulatorOutcome {
  retention: number;
  days: SimulatedDay[];
  totalReviews: number;
  totalMinutes: number;
  reviewsPerDay: number;
  minutesPerDay: number;
  memorisedAtEnd: number;
}

/** One point of the workload curve: the same days and draws at one more desired retention. */
export interface WorkloadPoint {
  retention: number;
  reviewsPerDay: number;
  minutesPerDay: number;
  memorisedAtEnd: number;
}

export interface SimulatorResult {
  request: SimulatorRequest;
  cards: number;
  outcomes: SimulatorOutcome[];
  /** Workload against desired retention (the curve Anki draws), the two asked retentions among its points, lowest retention first. */
  curve: WorkloadPoint[];
  /** Said when a retention costs far more work than it buys (Anki warns above about 0.97). */
  warning: string | null;
}

export interface SimulatorStatus {
  state: 'idle' | 'running' | 'done' | 'failed';
  progress: number;
  result: SimulatorResult | null;
  message: string;
}
