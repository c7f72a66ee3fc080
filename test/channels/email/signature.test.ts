import { describe, expect, it } from 'vitest';
import { mailRecipients, replySubject } from '../../../channels/email/send.ts';
import { mailBody } from '../../../channels/email/signature.ts';
import type { OutboundMessage } from '../../../channels/types.ts';

const message = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
  messageId: '00000000-0000-4000-8000-000000000001',
  ticketId: '00000000-0000-4000-8000-000000000002',
  ticketNumber: 1042,
  channel: 'email',
  inboxId: null,
  threadKey: '<root@customer.example>',
  subject: 'Broken kettle',
  recipient: { externalId: 'cleo@customer.example', displayName: 'Cleo', email: null },
  author: { name: 'Lina Wu' },
  text: 'We send a new one.',
  html: null,
  attachments: [],
  threadMessageIds: ['<root@customer.example>'],
  inReplyTo: '<root@customer.example>',
  automatic: false,
  ...over,
});

describe('mailBody: the mailbox signature under an agent’s mail', () => {
  const signature = '**{agent.name}**\nAcme Support · [acme.example](https://acme.example)';

  it('appends the signature, Markdown rendered, with the writer’s name, to the text and the HTML part', () => {
    const body = mailBody(message(), signature);
    expect(body.text).toBe('We send a new one.\n\nLina Wu\nAcme Support · acme.example (https://acme.example)');
    expect(body.html).toContain('<p>We send a new one.</p>');
    expect(body.html).toContain('<div class="signature"');
    expect(body.html).toContain('<strong>Lina Wu</strong><br />Acme Support');
  });

  it('leaves automatic mail and a mailbox without a signature alone', () => {
    expect(mailBody(message({ automatic: true, author: null }), signature)).toEqual({
      text: 'We send a new one.',
      html: '<div><p>We send a new one.</p></div>',
    });
    expect(mailBody(message(), undefined).text).toBe('We send a new one.');
    expect(mailBody(message(), '   ').text).toBe('We send a new one.');
  });

  it('keeps an agent’s own HTML part and escapes a plain one', () => {
    expect(mailBody(message({ html: '<p><em>Soon</em></p>' }), undefined).html).toBe('<p><em>Soon</em></p>');
    expect(mailBody(message({ text: 'a <b> & c' }), undefined).html).toBe('<div><p>a &lt;b&gt; &amp; c</p></div>');
  });
});

describe('mailRecipients and the subject of a forward', () => {
  const own = ['help@shop.example'];

  it('sends to the customer, copies without repeats, never to the customer or ourselves', () => {
    const r = mailRecipients(
      message({
        cc: ['Boss@Customer.example', 'cleo@customer.example', 'help@shop.example', 'boss@customer.example'],
        bcc: ['boss@customer.example', 'audit@shop.example'],
      }),
      own,
    );
    expect(r).toEqual({ to: ['cleo@customer.example'], cc: ['boss@customer.example'], bcc: ['audit@shop.example'] });
  });

  it('sends a forward to its addresses, as "Fwd:" with the ticket token, and refuses our own address', () => {
    const fwd = message({ forwardTo: ['repairs@supplier.example'] });
    expect(mailRecipients(fwd, own).to).toEqual(['repairs@supplier.example']);
    expect(replySubject(fwd)).toBe('Fwd: Broken kettle [#1042]');
    expect(replySubject(message())).toBe('Re: Broken kettle [#1042]');
    expect(() => mailRecipients(message({ forwardTo: ['help@shop.example'] }), own)).toThrow(/one of our own addresses/);
  });
});
