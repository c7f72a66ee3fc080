import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../../server/locale/index.ts';

describe('detecting Chinese or English', () => {
  it('recognises plain Chinese and plain English', () => {
    expect(detectLanguage('打印机一直闪橙灯，怎么办？')).toBe('zh-CN');
    expect(detectLanguage('The printer keeps blinking orange.')).toBe('en');
    expect(detectLanguage('帳號無法登入')).toBe('zh-CN');
  });

  it('goes by what most of a mixed text is', () => {
    expect(detectLanguage('我的iPhone无法登录App Store')).toBe('zh-CN');
    expect(detectLanguage('请帮我 reset password')).toBe('zh-CN');
    expect(detectLanguage('Hi, my name is 王伟 and my router will not connect')).toBe('en');
    expect(detectLanguage('Order 5521: refund please, 谢谢')).toBe('en');
  });

  it('says nothing when the text is neither', () => {
    expect(detectLanguage('')).toBeNull();
    expect(detectLanguage('12345 !!! 👍')).toBeNull();
    expect(detectLanguage('ログインできません')).toBeNull();
    expect(detectLanguage('東京のホテルを予約したい')).toBeNull();
    expect(detectLanguage('로그인이 안 돼요')).toBeNull();
  });
});
