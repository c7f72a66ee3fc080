import { describe, expect, it } from 'vitest';
import { previewBeyondSubject } from '../../web/src/lib/ticket-preview.ts';

describe('the ticket list preview', () => {
  it('does not repeat the subject a chat took from its first line', () => {
    expect(previewBeyondSubject('Hello there', 'Hello there')).toBeNull();
    expect(previewBeyondSubject('Hello there', ' Hello there \n')).toBeNull();
    expect(previewBeyondSubject('Hello there', 'Hello there\nmy order has not arrived')).toBe('my order has not arrived');
  });

  it('shows the last message when it says something else, even when it starts with the same words', () => {
    expect(previewBeyondSubject('Order 4411', 'Still nothing arrived')).toBe('Still nothing arrived');
    expect(previewBeyondSubject('Re', 'Report attached')).toBe('Report attached');
    expect(previewBeyondSubject('Order 4411', null)).toBeNull();
    expect(previewBeyondSubject('Order 4411', '   ')).toBeNull();
  });
});
