import { describe, expect, it } from 'vitest';
import { WIDGET_DEFAULT_LIMITS } from '../../../../channels/widget/protocol.ts';
import { checkAttachment, formatBytes, typeAllowed } from '../../../../channels/widget/client/src/lib/attachment-check.ts';

describe('checking an attachment before upload', () => {
  it('accepts what the inbox allows, with image/* style wildcards', () => {
    expect(typeAllowed('image/png', ['image/*'])).toBe(true);
    expect(typeAllowed('IMAGE/JPEG', ['image/*'])).toBe(true);
    expect(typeAllowed('text/plain; charset=utf-8', ['text/plain'])).toBe(true);
    expect(typeAllowed('application/pdf', ['image/*'])).toBe(false);
    expect(typeAllowed('imagex/png', ['image/*'])).toBe(false);
    expect(typeAllowed('', ['image/*'])).toBe(false);
  });

  it('refuses a file that is too large or of another type, saying what is allowed', () => {
    const limits = WIDGET_DEFAULT_LIMITS;
    expect(checkAttachment({ size: 1_000, type: 'application/pdf' }, limits)).toBeNull();
    expect(checkAttachment({ size: limits.maxAttachmentBytes + 1, type: 'image/png' }, limits)).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      max: limits.maxAttachmentBytes,
    });
    expect(checkAttachment({ size: 10, type: 'application/x-msdownload' }, limits)).toEqual({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      allowed: limits.attachmentTypes,
    });
    expect(formatBytes(limits.maxAttachmentBytes)).toBe('10 MB');
    expect(formatBytes(1536)).toBe('2 KB');
  });
});
