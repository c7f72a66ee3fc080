import { describe, expect, it } from 'vitest';
import { formatDuration, formatNumber } from '../../../server/locale/index.ts';

const MIN = 60;
const HOUR = 3600;

describe('durations', () => {
  it('reads naturally in English', () => {
    expect(formatDuration(45, 'en')).toBe('45 sec');
    expect(formatDuration(3 * MIN, 'en')).toBe('3 min');
    expect(formatDuration(HOUR + 5 * MIN, 'en')).toBe('1 hr 5 min');
    expect(formatDuration(3 * HOUR, 'en')).toBe('3 hr');
    expect(formatDuration(47 * HOUR + 59 * MIN, 'en')).toBe('47 hr 59 min');
    expect(formatDuration(52 * HOUR, 'en')).toBe('2 days 4 hr');
    expect(formatDuration(48 * HOUR, 'en')).toBe('2 days');
  });

  it('reads naturally in Chinese', () => {
    expect(formatDuration(45, 'zh-CN')).toBe('45秒');
    expect(formatDuration(3 * MIN, 'zh-CN')).toBe('3分钟');
    expect(formatDuration(HOUR + 5 * MIN, 'zh-CN')).toBe('1小时5分钟');
    expect(formatDuration(52 * HOUR, 'zh-CN')).toBe('2天4小时');
  });

  it('rounds to the minute, shows one unit or no seconds when asked', () => {
    expect(formatDuration(89, 'en')).toBe('1 min');
    expect(formatDuration(59.6, 'en')).toBe('1 min');
    expect(formatDuration(-5, 'en')).toBe('0 sec');
    expect(formatDuration(20, 'en', { smallest: 'minute' })).toBe('0 min');
    expect(formatDuration(HOUR + 59 * MIN, 'en', { parts: 1 })).toBe('1 hr');
    expect(formatDuration(71 * HOUR, 'zh-CN', { parts: 1 })).toBe('2天');
  });
});

describe('numbers', () => {
  it('are grouped and rounded the way the language writes them', () => {
    expect(formatNumber(1234567.5, 'en')).toBe('1,234,567.5');
    expect(formatNumber(1234567.5, 'zh-CN')).toBe('1,234,567.5');
    expect(formatNumber(0.875, 'en', { style: 'percent', maximumFractionDigits: 1 })).toBe('87.5%');
    expect(formatNumber(0.875, 'zh-CN', { style: 'percent', maximumFractionDigits: 1 })).toBe('87.5%');
  });
});
