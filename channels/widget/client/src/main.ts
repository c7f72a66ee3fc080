import { mount } from 'svelte';
import App from './App.svelte';
import { readEmbedConfig } from './lib/embed-config.ts';
import { WidgetSession } from './lib/session.svelte.ts';

/**
 * Entry of /widget.js: reads its own <script> tag, then renders the widget inside a shadow root on a host
 * element of its own, so the page's CSS and the widget's never meet.
 */
function boot(script: HTMLScriptElement) {
  const config = readEmbedConfig(script.src, { ...script.dataset }, location.href);
  if ('error' in config) return console.warn(`[switchboard widget] not shown: ${config.error}`);
  const marker = `switchboard-widget[data-inbox="${CSS.escape(config.inboxId)}"]`;
  if (document.querySelector(marker)) return;
  const host = document.createElement('switchboard-widget');
  host.dataset.inbox = config.inboxId;
  // Inherited page styles (font, colour, line-height...) stop at the host.
  host.setAttribute('style', 'all: initial; display: contents');
  document.body.appendChild(host);
  const session = new WidgetSession(config);
  mount(App, { target: host.attachShadow({ mode: 'open' }), props: { session } });
  void session.start();
}

const current = document.currentScript as HTMLScriptElement | null;
const script = current ?? document.querySelector<HTMLScriptElement>('script[src*="widget.js"][data-inbox]');
if (script) {
  if (document.body) boot(script);
  else document.addEventListener('DOMContentLoaded', () => boot(script), { once: true });
}
