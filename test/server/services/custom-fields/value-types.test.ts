import { describe, expect, it } from 'vitest';
import { checkValue, convertValue, type FieldShape } from '../../../../server/services/custom-fields/value-types.ts';

const field = (type: FieldShape['type'], options: string[] = []): FieldShape => ({
  key: 'f',
  type,
  options: options.map((value) => ({ value, labels: { en: value } })),
});
const ok = (f: FieldShape, v: unknown) => checkValue(f, v);

describe('checkValue: each type stores one form and names what was wrong', () => {
  it('text and long text: trimmed, length-limited', () => {
    expect(ok(field('text'), '  Router X ')).toEqual({ ok: true, value: 'Router X' });
    expect(ok(field('text'), 'x'.repeat(501))).toEqual({ ok: false, problem: 'at most 500 characters' });
    expect(ok(field('long_text'), 'x'.repeat(5000))).toMatchObject({ ok: true });
    expect(ok(field('text'), 12)).toEqual({ ok: false, problem: 'expected text' });
  });
  it('number: whole numbers, from numbers or numeric text', () => {
    expect(ok(field('number'), '42')).toEqual({ ok: true, value: 42 });
    expect(ok(field('number'), -3)).toEqual({ ok: true, value: -3 });
    expect(ok(field('number'), 2.5)).toEqual({ ok: false, problem: 'expected a whole number' });
    expect(ok(field('number'), 'ten')).toEqual({ ok: false, problem: 'expected a whole number' });
  });
  it('decimal: any finite number', () => {
    expect(ok(field('decimal'), '19.99')).toEqual({ ok: true, value: 19.99 });
    expect(ok(field('decimal'), Number.NaN)).toEqual({ ok: false, problem: 'expected a number' });
    expect(ok(field('decimal'), '1e5')).toEqual({ ok: false, problem: 'expected a number' });
  });
  it('date: a real calendar day as YYYY-MM-DD', () => {
    expect(ok(field('date'), '2026-02-28')).toEqual({ ok: true, value: '2026-02-28' });
    expect(ok(field('date'), '2026-02-30')).toEqual({ ok: false, problem: 'expected a date as YYYY-MM-DD' });
    expect(ok(field('date'), '28/02/2026')).toMatchObject({ ok: false });
  });
  it('checkbox: booleans (and their text)', () => {
    expect(ok(field('checkbox'), true)).toEqual({ ok: true, value: true });
    expect(ok(field('checkbox'), 'false')).toEqual({ ok: true, value: false });
    expect(ok(field('checkbox'), 'yes')).toEqual({ ok: false, problem: 'expected true or false' });
  });
  it('url: http and https only', () => {
    expect(ok(field('url'), 'https://shop.example.com/order/1')).toMatchObject({ ok: true });
    expect(ok(field('url'), 'javascript:alert(1)')).toEqual({ ok: false, problem: 'expected a web address (http or https)' });
    expect(ok(field('url'), 'not a url')).toMatchObject({ ok: false });
  });
  it('select and multi-select: only the options, a multi-select deduplicated', () => {
    const s = field('select', ['gold', 'silver']);
    expect(ok(s, 'gold')).toEqual({ ok: true, value: 'gold' });
    expect(ok(s, 'bronze')).toEqual({ ok: false, problem: 'expected one of: gold, silver' });
    const m = field('multi_select', ['a', 'b', 'c']);
    expect(ok(m, ['a', 'c', 'a'])).toEqual({ ok: true, value: ['a', 'c'] });
    expect(ok(m, 'b')).toEqual({ ok: true, value: ['b'] });
    expect(ok(m, ['a', 'z'])).toEqual({ ok: false, problem: '"z" is not one of: a, b, c' });
  });
});

describe('convertValue: a type change keeps what converts', () => {
  it('text to number converts numeric text and refuses the rest', () => {
    expect(convertValue(field('number'), '17')).toEqual({ ok: true, value: 17 });
    expect(convertValue(field('number'), 'about 17')).toMatchObject({ ok: false });
  });
  it('anything to text becomes its text; lists joined', () => {
    expect(convertValue(field('text'), 17)).toEqual({ ok: true, value: '17' });
    expect(convertValue(field('long_text'), ['a', 'b'])).toEqual({ ok: true, value: 'a, b' });
    expect(convertValue(field('text'), true)).toEqual({ ok: true, value: 'true' });
  });
  it('select to multi-select and back (one value)', () => {
    expect(convertValue(field('multi_select', ['a', 'b']), 'a')).toEqual({ ok: true, value: ['a'] });
    expect(convertValue(field('select', ['a', 'b']), ['b'])).toEqual({ ok: true, value: 'b' });
    expect(convertValue(field('select', ['a', 'b']), ['a', 'b'])).toMatchObject({ ok: false });
  });
  it('a checkbox is not a number', () => {
    expect(convertValue(field('number'), true)).toMatchObject({ ok: false });
    expect(convertValue(field('checkbox'), 'TRUE')).toEqual({ ok: true, value: true });
  });
});
