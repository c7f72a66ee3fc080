/**
 * Erlang C (M/M/N queue): how many agents a stream of contacts needs. Pure arithmetic, no I/O.
 * Traffic `a` is offered load in Erlangs: arrivals per second x average handle time in seconds.
 * Computed through the Erlang B recursion B(n) = a·B(n-1) / (n + a·B(n-1)), which never forms a^n or n!,
 * so it stays exact to double precision for thousands of agents where the factorial form overflows.
 */

/** Erlang B (blocking probability) for `n` servers and `a` Erlangs. */
export function erlangB(n: number, a: number): number {
  assertInputs(n, a);
  let b = 1;
  for (let k = 1; k <= n; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Probability that a contact waits (is not answered at once); 1 when the agents cannot keep up (n <= a). */
export function probabilityOfWaiting(n: number, a: number): number {
  assertInputs(n, a);
  if (a === 0) return 0;
  if (n <= a) return 1;
  const b = erlangB(n, a);
  return (n * b) / (n - a * (1 - b));
}

/** Share of contacts answered within `answerSeconds` when each takes `ahtSeconds` on average. */
export function serviceLevel(n: number, a: number, answerSeconds: number, ahtSeconds: number): number {
  if (a === 0) return 1;
  if (n <= a) return 0;
  const pw = probabilityOfWaiting(n, a);
  return 1 - pw * Math.exp((-(n - a) * answerSeconds) / ahtSeconds);
}

/** Average speed of answer in seconds over all contacts (waiting and not); Infinity when overloaded. */
export function averageSpeedOfAnswer(n: number, a: number, ahtSeconds: number): number {
  if (a === 0) return 0;
  if (n <= a) return Infinity;
  return (probabilityOfWaiting(n, a) * ahtSeconds) / (n - a);
}

export interface StaffingTarget {
  /** e.g. 0.8 for "80 % answered within answerSeconds". */
  serviceLevel: number;
  answerSeconds: number;
  ahtSeconds: number;
  /** Optional ceiling on agent occupancy (a / n), e.g. 0.85, so nobody plans agents at 99 % busy. */
  maxOccupancy?: number;
}

export interface Staffing {
  agents: number;
  trafficErlangs: number;
  probabilityOfWaiting: number;
  serviceLevel: number;
  averageSpeedOfAnswerSeconds: number;
  occupancy: number;
}

// A search bound no real queue reaches; guards a target that can never be met (e.g. 100 % in 0 s).
const MAX_EXTRA_AGENTS = 10_000;

/** The smallest number of agents that meets the service-level target (and occupancy ceiling) for `a` Erlangs. */
export function agentsFor(a: number, target: StaffingTarget): Staffing {
  assertInputs(0, a);
  if (!(target.ahtSeconds > 0)) throw new RangeError('ahtSeconds must be > 0');
  if (!(target.serviceLevel > 0 && target.serviceLevel < 1)) throw new RangeError('serviceLevel must be between 0 and 1 (exclusive)');
  if (!(target.answerSeconds >= 0)) throw new RangeError('answerSeconds must be >= 0');
  if (a === 0)
    return { agents: 0, trafficErlangs: 0, probabilityOfWaiting: 0, serviceLevel: 1, averageSpeedOfAnswerSeconds: 0, occupancy: 0 };
  const maxOcc = target.maxOccupancy ?? 1;
  const first = Math.max(1, Math.floor(a) + 1, Math.ceil(a / maxOcc));
  for (let n = first; n <= first + MAX_EXTRA_AGENTS; n++) {
    const sl = serviceLevel(n, a, target.answerSeconds, target.ahtSeconds);
    if (sl >= target.serviceLevel && a / n <= maxOcc) {
      return {
        agents: n,
        trafficErlangs: a,
        probabilityOfWaiting: probabilityOfWaiting(n, a),
        serviceLevel: sl,
        averageSpeedOfAnswerSeconds: averageSpeedOfAnswer(n, a, target.ahtSeconds),
        occupancy: a / n,
      };
    }
  }
  throw new RangeError(`No staffing up to ${first + MAX_EXTRA_AGENTS} agents meets the target`);
}

function assertInputs(n: number, a: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`agents must be a whole number >= 0, got ${n}`);
  if (!Number.isFinite(a) || a < 0) throw new RangeError(`traffic must be a finite number >= 0, got ${a}`);
}
