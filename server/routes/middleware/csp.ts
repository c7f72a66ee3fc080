import { createMiddleware } from 'hono/factory';
import { contentSecurityPolicy, inlineScriptHashes } from '../../security/content-security-policy.ts';

/**
 * Every HTML response (console, help center, survey pages, widget demo) gets the strict policy, with the hashes
 * of the page's own inline scripts: computed from the page served, so a rebuilt console needs no configuration.
 * A route that set its own policy (attachments, the widget's frames) keeps it.
 */
export const csp = createMiddleware(async (c, next) => {
  await next();
  if (!/^text\/html/i.test(c.res.headers.get('content-type') ?? '') || c.res.headers.has('content-security-policy')) return;
  const html = await c.res.clone().text();
  c.res.headers.set('Content-Security-Policy', contentSecurityPolicy(inlineScriptHashes(html)));
});
