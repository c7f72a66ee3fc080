import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { ServiceContext } from '../../../server/context.ts';
import { EventBus, type DomainEvent } from '../../../server/events.ts';
import { dashboardPulse } from '../../../server/realtime/dashboard-pulse.ts';
import type { AgentNamespace } from '../../../server/realtime/types.ts';
import { ingest } from '../../../server/services/tickets/ingest.ts';
import { buildInbound } from '../../support/factories.ts';
import { serverWorld } from '../../support/server-world.ts';
import { buildSessionUser } from '../../support/session.ts';
import { connectAgent, recordEvents, until, type AgentClient } from '../../support/sockets.ts';

/** A namespace stand-in that records what would be sent to which rooms. */
function fakeAgents() {
  const sent: Array<{ rooms: unknown; name: string; payload: { at: string; reasons: string[] } }> = [];
  const agents = { to: (rooms: unknown) => ({ emit: (name: string, payload: never) => sent.push({ rooms, name, payload }) }) };
  return { agents: agents as unknown as AgentNamespace, sent };
}

const ticketUpdated = { name: 'ticket.updated', data: { ticket: {}, changes: ['status'] } } as unknown as DomainEvent;
const presence = { name: 'presence.changed', data: { userId: 'u', name: 'A', presence: 'away', at: '' } } as DomainEvent;

describe('dashboard.changed throttle', () => {
  afterEach(() => vi.useRealTimers());

  it('a burst becomes one pulse at once and one trailing pulse; then silence', () => {
    vi.useFakeTimers();
    const events = new EventBus();
    const { agents, sent } = fakeAgents();
    const stop = dashboardPulse({ events, now: () => new Date() } as ServiceContext, agents, 1_000);
    for (let i = 0; i < 200; i++) events.publish([i % 2 ? ticketUpdated : presence]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ rooms: 'supervisors', name: 'dashboard.changed' });
    vi.advanceTimersByTime(999);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(2);
    // The trailing pulse names what changed during the pause.
    expect(sent[1]!.payload.reasons.sort()).toEqual(['presence.changed', 'ticket.updated']);
    vi.advanceTimersByTime(10_000);
    expect(sent).toHaveLength(2);
    stop();
  });

  it('a steady stream (an event every 10 ms for 10 s) is at most one pulse a second', () => {
    vi.useFakeTimers();
    const events = new EventBus();
    const { agents, sent } = fakeAgents();
    const stop = dashboardPulse({ events, now: () => new Date() } as ServiceContext, agents, 1_000);
    for (let i = 0; i < 1_000; i++) {
      events.publish([ticketUpdated]);
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(1_000);
    expect(sent.length).toBeGreaterThanOrEqual(10);
    expect(sent.length).toBeLessThanOrEqual(11);
    stop();
    events.publish([ticketUpdated]);
    vi.advanceTimersByTime(5_000);
    expect(sent.length).toBeLessThanOrEqual(11);
  });

  it('pulses for each kind of change the dashboard shows: tickets, messages, queues, presence, SLA and CSAT', () => {
    vi.useFakeTimers();
    const kinds = [
      'ticket.created',
      'ticket.updated',
      'message.created',
      'queue.stats',
      'presence.changed',
      'sla.warning',
      'sla.breached',
      'csat.recorded',
    ];
    for (const name of kinds) {
      const events = new EventBus();
      const { agents, sent } = fakeAgents();
      const stop = dashboardPulse({ events, now: () => new Date() } as ServiceContext, agents, 1_000);
      events.publish([{ name, data: {} } as unknown as DomainEvent]);
      expect(
        sent.map((p) => p.payload.reasons),
        name,
      ).toEqual([[name]]);
      stop();
    }
  });

  it('ignores events that move no dashboard number (typing, delivery status)', () => {
    vi.useFakeTimers();
    const events = new EventBus();
    const { agents, sent } = fakeAgents();
    const stop = dashboardPulse({ events, now: () => new Date() } as ServiceContext, agents, 1_000);
    events.publish([{ name: 'typing', data: { ticketId: 't', state: 'start', who: { type: 'customer' } } }]);
    events.publish([{ name: 'message.status', data: { ticketId: 't', messageId: 'm', status: 'sent', error: null } }]);
    vi.advanceTimersByTime(5_000);
    expect(sent).toHaveLength(0);
    stop();
  });
});

describe('dashboard.changed over /agents', () => {
  const { server } = serverWorld();
  const open: AgentClient[] = [];
  afterAll(() => {
    for (const s of open) s.close();
  });

  it('reaches supervisors, not agents, and never more than once a second', async () => {
    const supervisor = await buildSessionUser(server.ctx, { roles: ['supervisor'] });
    const agent = await buildSessionUser(server.ctx, { roles: ['agent'] });
    const supSocket = await connectAgent(server.url, { cookie: supervisor.cookie });
    const agentSocket = await connectAgent(server.url, { cookie: agent.cookie });
    open.push(supSocket, agentSocket);
    const pulses: number[] = [];
    supSocket.on('dashboard.changed', () => pulses.push(Date.now()));
    const agentSeen = recordEvents(agentSocket);
    const before = pulses.length;
    for (let i = 0; i < 15; i++) await ingest(server.ctx, buildInbound({ subject: `Burst ${i}` }));
    await until(() => pulses.length > before, 'a pulse at the supervisor');
    // Each ingest publishes several events; quiet for a while afterwards lets the trailing pulse land.
    await until(() => agentSeen.filter((e) => e.name === 'ticket.created').length === 15, 'the agent sees the 15 tickets');
    await until(() => Date.now() - pulses.at(-1)! > 1_500, 'the pulses to settle (the trailing one included)', 10_000);
    for (let i = 1; i < pulses.length; i++) expect(pulses[i]! - pulses[i - 1]!).toBeGreaterThanOrEqual(900);
    expect(agentSeen.some((e) => e.name === 'dashboard.changed')).toBe(false);
  });
});
