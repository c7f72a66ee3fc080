import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../server/locale/index.ts';
import { customerName, visitorNumber } from '../../web/src/lib/customer-name.ts';
import { en } from '../../web/src/lib/i18n/en.ts';
import { zhCN } from '../../web/src/lib/i18n/zh-cn.ts';

const enT = createTranslator({ en, 'zh-CN': zhCN }, 'en');
const zhT = createTranslator({ en, 'zh-CN': zhCN }, 'zh-CN');
const id = '7ad7465b-3c1e-4f7a-9d52-0b8e6f1c2a90';

describe('customer names in the console', () => {
  it('names an anonymous visitor "Visitor NNNN" with the same four digits every time, in both languages', () => {
    const n = visitorNumber(id);
    expect(n).toBeGreaterThanOrEqual(1000);
    expect(n).toBeLessThanOrEqual(9999);
    expect(visitorNumber(id)).toBe(n);
    expect(customerName({ id, name: null, email: null }, enT)).toBe(`Visitor ${n}`);
    expect(customerName({ id, name: null, email: null }, zhT)).toBe(`访客 ${n}`);
  });

  it('gives different visitors different numbers (mostly: 1,000 ids share few)', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const numbers = new Set(ids.map(visitorNumber));
    expect(numbers.size).toBeGreaterThan(900);
  });

  it('prefers what the customer told us: name, then email, then phone', () => {
    expect(customerName({ id, name: '王芳', email: 'wang@example.cn' }, zhT)).toBe('王芳');
    expect(customerName({ id, name: null, email: 'wang@example.cn' }, enT)).toBe('wang@example.cn');
    expect(customerName({ id, name: '', email: null, phone: '+86 138 0000 0000' }, enT)).toBe('+86 138 0000 0000');
  });
});
