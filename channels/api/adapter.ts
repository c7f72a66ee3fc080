import type { ChannelAdapter } from '../types.ts';

/**
 * The API channel: integrations read agents' replies through the REST API, so there is nothing to push.
 * Sending succeeds at once and marks the reply 'sent'.
 */
export function createApiAdapter(): ChannelAdapter {
  return {
    channel: 'api',
    async send() {
      return {};
    },
  };
}
