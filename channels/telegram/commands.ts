import { Composer, type Context } from 'grammy';
import type { BotDeps } from './bot-deps.ts';

/** /start and /help answer with the inbox's configured texts; they open no ticket. */
export function commandsComposer(deps: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.command('start', async (tg) => {
    await tg.reply((await deps.settings()).greeting);
  });
  composer.command('help', async (tg) => {
    await tg.reply((await deps.settings()).helpText);
  });
  return composer;
}
