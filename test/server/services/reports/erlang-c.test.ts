import { describe, expect, it } from 'vitest';
import {
  agentsFor,
  averageSpeedOfAnswer,
  erlangB,
  probabilityOfWaiting,
  serviceLevel,
} from '../../../../server/services/reports/erlang-c.ts';

/** C(N, A) = (A^N/N! · N/(N-A)) / (Σ_{k<N} A^k/k! + A^N/N! · N/(N-A)), straight from the textbook. */
function factorialErlangC(n: number, a: number): number {
  let term = 1;
  let sum = 0;
  for (let k = 0; k < n; k++) {
    sum += term;
    term = (term * a) / (k + 1);
  }
  const top = term * (n / (n - a));
  return top / (sum + top);
}

describe('Erlang C against published values', () => {
  it('matches closed forms for small systems', () => {
    // M/M/1: P(wait) = utilisation. M/M/2 with A = 1: 2ρ²/(1+ρ) at ρ = 0.5 = 1/3.
    expect(probabilityOfWaiting(1, 0.6)).toBeCloseTo(0.6, 12);
    expect(probabilityOfWaiting(2, 1)).toBeCloseTo(1 / 3, 12);
    // 2 Erlangs on 3 agents: B = 4/19, C = 3B / (3 - 2(1-B)) = 4/9 = 0.4444.
    expect(erlangB(3, 2)).toBeCloseTo(4 / 19, 12);
    expect(probabilityOfWaiting(3, 2)).toBeCloseTo(4 / 9, 12);
  });

  it('reproduces the worked example of 100 calls per 30 minutes, 180 s AHT, 80 % in 20 s', () => {
    // Call Centre Helper, "Erlang C Formula - Made Simple With an Easy Worked Example": A = 100 x 180 / 1800 = 10 Erlangs.
    // Published: 11 agents -> P(wait) 68.21 %, service level 39.0 %, ASA 122.8 s; 14 agents is the first to reach 80 %.
    // The 13- and 14-agent levels are cross-checked against the factorial form below.
    expect(probabilityOfWaiting(11, 10)).toBeCloseTo(0.6821, 4);
    expect(serviceLevel(11, 10, 20, 180)).toBeCloseTo(0.39, 3);
    expect(averageSpeedOfAnswer(11, 10, 180)).toBeCloseTo(122.8, 1);
    expect(serviceLevel(13, 10, 20, 180)).toBeCloseTo(0.7956, 4);
    expect(serviceLevel(14, 10, 20, 180)).toBeCloseTo(0.8884, 4);
    const plan = agentsFor(10, { serviceLevel: 0.8, answerSeconds: 20, ahtSeconds: 180 });
    expect(plan).toMatchObject({ agents: 14, trafficErlangs: 10 });
    expect(plan.occupancy).toBeCloseTo(10 / 14, 12);
  });

  it('agrees with the textbook factorial form on the Westbay tutorial case (360 calls / 30 min, 4 min, 55 agents, 15 s)', () => {
    // A = 360 x 4 / 30 = 48 Erlangs: small enough that A^N / N! fits a double, so the sum formula is an independent check.
    expect(probabilityOfWaiting(55, 48)).toBeCloseTo(factorialErlangC(55, 48), 10);
    expect(probabilityOfWaiting(13, 10)).toBeCloseTo(factorialErlangC(13, 10), 12);
    expect(probabilityOfWaiting(14, 10)).toBeCloseTo(factorialErlangC(14, 10), 12);
    expect(probabilityOfWaiting(55, 48)).toBeCloseTo(0.2387, 4);
    expect(averageSpeedOfAnswer(55, 48, 240)).toBeCloseTo(8.18, 2);
    expect(serviceLevel(55, 48, 15, 240)).toBeCloseTo(0.8459, 4);
  });

  it('stays finite where factorials overflow (thousands of agents)', () => {
    // 170! is the largest double; the recursion never forms it.
    const pw = probabilityOfWaiting(3000, 2950);
    expect(pw).toBeGreaterThan(0);
    expect(pw).toBeLessThan(1);
    const plan = agentsFor(2950, { serviceLevel: 0.8, answerSeconds: 20, ahtSeconds: 180 });
    expect(plan.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(serviceLevel(plan.agents - 1, 2950, 20, 180)).toBeLessThan(0.8);
  });

  it('treats overload and no traffic sensibly', () => {
    expect(probabilityOfWaiting(10, 10)).toBe(1);
    expect(serviceLevel(9, 10, 20, 180)).toBe(0);
    expect(averageSpeedOfAnswer(10, 12, 180)).toBe(Infinity);
    expect(agentsFor(0, { serviceLevel: 0.8, answerSeconds: 60, ahtSeconds: 300 }).agents).toBe(0);
  });

  it('honours an occupancy ceiling', () => {
    // 10 Erlangs at 80 % in 20 s needs 14 agents (71 % busy); a 65 % ceiling needs ceil(10 / 0.65) = 16.
    expect(agentsFor(10, { serviceLevel: 0.8, answerSeconds: 20, ahtSeconds: 180, maxOccupancy: 0.65 }).agents).toBe(16);
  });

  it('rejects nonsense inputs', () => {
    expect(() => probabilityOfWaiting(2.5, 1)).toThrow(RangeError);
    expect(() => erlangB(3, -1)).toThrow(RangeError);
    expect(() => agentsFor(5, { serviceLevel: 1, answerSeconds: 20, ahtSeconds: 180 })).toThrow(/serviceLevel/);
  });
});
