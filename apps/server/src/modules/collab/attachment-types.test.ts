import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkAttachmentType,
  contentDisposition,
  extensionOf,
  safeFileName,
} from './attachment-types.js';

describe('safeFileName', () => {
  it('never keeps directories, control or reserved characters, and stays at most 200 long', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (raw) => {
        const name = safeFileName(raw, 'txt');
        expect(name.length).toBeGreaterThan(0);
        expect(name.length).toBeLessThanOrEqual(200);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the point
        expect(name).not.toMatch(/[/\\<>:"|?*\u0000-\u001f\u007f]/);
        expect(name.startsWith('.')).toBe(false);
      }),
    );
  });

  it('keeps the extension of a long name', () => {
    expect(safeFileName(`${'a'.repeat(300)}.pdf`, 'pdf')).toMatch(/^a{196}\.pdf$/);
    expect(safeFileName('C:\\Users\\ada\\plan.docx', 'docx')).toBe('plan.docx');
    expect(safeFileName('...', 'png')).toBe('file.png');
  });
});

describe('contentDisposition', () => {
  it('always yields a header-safe ASCII value', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), fc.boolean(), (name, inline) => {
        const value = contentDisposition(safeFileName(name, 'txt'), inline);
        expect(value).toMatch(/^[\x20-\x7e]+$/);
        expect(value.startsWith(inline ? 'inline;' : 'attachment;')).toBe(true);
      }),
    );
  });
});

describe('checkAttachmentType', () => {
  it('accepts UTF-8 text as .txt/.csv and refuses bytes with NUL or invalid UTF-8', async () => {
    expect((await checkAttachmentType('a.csv', Buffer.from('x,y\n1,2'))).ok).toBe(true);
    expect((await checkAttachmentType('a.txt', Buffer.from([0x61, 0x00, 0x62]))).ok).toBe(false);
    expect((await checkAttachmentType('a.txt', Buffer.from([0xff, 0xfe, 0xfd]))).ok).toBe(false);
  });

  it('refuses every extension outside the list whatever the content', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[a-z0-9]{1,6}$/).filter((e) => !ALLOWED.has(e)),
        fc.uint8Array({ maxLength: 64 }),
        async (ext, bytes) => {
          expect((await checkAttachmentType(`f.${ext}`, Buffer.from(bytes))).ok).toBe(false);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('reads the extension case-insensitively', () => {
    expect(extensionOf('Report.PDF')).toBe('pdf');
    expect(extensionOf('noext')).toBeNull();
  });
});

const ALLOWED = new Set([
  'png',
  'jpg',
  'jpeg',
  'gif',
  'webp',
  'heic',
  'pdf',
  'docx',
  'xlsx',
  'pptx',
  'odt',
  'ods',
  'csv',
  'txt',
]);
