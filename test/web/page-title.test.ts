import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../server/locale/index.ts';
import { en } from '../../web/src/lib/i18n/en.ts';
import { zhCN } from '../../web/src/lib/i18n/zh-cn.ts';
import { documentTitle } from '../../web/src/lib/page-title.ts';

const enT = createTranslator({ en, 'zh-CN': zhCN }, 'en');
const zhT = createTranslator({ en, 'zh-CN': zhCN }, 'zh-CN');
const title = (path: string, more: { status?: number; unread?: number; ticket?: { number: number; subject: string } } = {}, t = enT) =>
  documentTitle({ path, status: 200, unread: 0, ...more }, t);

describe('browser tab titles', () => {
  it('names the inbox with its unread count and a ticket by number and subject', () => {
    expect(title('/inbox')).toBe('Inbox · Switchboard');
    expect(title('/inbox', { unread: 3 })).toBe('Inbox (3) · Switchboard');
    expect(title('/inbox/abc', { ticket: { number: 1042, subject: 'Order not arrived' } })).toBe('#1042 Order not arrived · Switchboard');
    expect(title('/inbox/abc', { unread: 2, ticket: { number: 1042, subject: 'Order not arrived' } })).toBe(
      '(2) #1042 Order not arrived · Switchboard',
    );
    expect(title('/inbox', { unread: 3 }, zhT)).toBe('收件箱 (3) · Switchboard');
  });

  it('names every other screen and its section, in the user’s language', () => {
    expect(title('/admin/users')).toBe('Users · Settings · Switchboard');
    expect(title('/kb/categories', {}, zhT)).toBe('分类 · 知识库 · Switchboard');
    expect(title('/kb/5f1e')).toBe('Knowledge base · Switchboard');
    expect(title('/reports')).toBe('Reports · Switchboard');
    expect(title('/login')).toBe('Sign in · Switchboard');
    expect(title('/nope', { status: 404 })).toBe('Page not found · Switchboard');
  });
});
