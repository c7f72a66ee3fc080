import { AsyncLocalStorage } from 'node:async_hooks';

/** How deep in a chain of rules triggering rules: a rule's actions run at depth n+1 of the event that fired it. */
export interface ChainState {
  depth: number;
  ruleId: string;
}

/** Past this many rules triggering rules the next evaluation is skipped with a logged reason. */
export const MAX_CHAIN_DEPTH = 4;

const chain = new AsyncLocalStorage<ChainState>();

export const runInChain = <T>(state: ChainState, work: () => Promise<T>): Promise<T> => chain.run(state, work);

/** The depth events written now belong to: 0 outside any rule's actions. */
export const currentChainDepth = (): number => chain.getStore()?.depth ?? 0;
