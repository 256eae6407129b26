import { type AttachmentExtension, collab } from '@keel/contracts';
import { fileTypeFromBuffer } from 'file-type';

/**
 * Which sniffed types (file-type's `ext`) each allowed extension accepts. Text kinds have no
 * magic bytes: they must sniff as nothing and decode as UTF-8 without NUL characters.
 */
const SNIFFED: Record<AttachmentExtension, readonly string[]> = {
  png: ['png'],
  jpg: ['jpg'],
  jpeg: ['jpg'],
  gif: ['gif'],
  webp: ['webp'],
  heic: ['heic'],
  pdf: ['pdf'],
  docx: ['docx'],
  xlsx: ['xlsx'],
  pptx: ['pptx'],
  odt: ['odt'],
  ods: ['ods'],
  csv: [],
  txt: [],
};

const IMAGES = new Set<AttachmentExtension>(['png', 'jpg', 'jpeg', 'gif', 'webp', 'heic']);
/** Images a browser shows: served inline, thumbnailed. HEIC is kept but downloaded. */
const INLINE = new Set<AttachmentExtension>(['png', 'jpg', 'jpeg', 'gif', 'webp', 'pdf']);

const isAllowedExtension = (ext: string): ext is AttachmentExtension =>
  (collab.ATTACHMENT_EXTENSIONS as string[]).includes(ext);

/** The lower-cased extension of a file name, or null when it has none. */
export function extensionOf(name: string): string | null {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(name);
  return m ? m[1]!.toLowerCase() : null;
}

/**
 * A file name safe to store and to send back in a header: no directories, no control or
 * reserved characters, at most 200 characters with the extension kept.
 */
export function safeFileName(raw: string, fallbackExt: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  let name = base
    .normalize('NFC')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the point
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (!name) name = `file.${fallbackExt}`;
  if (name.length > 200) {
    const ext = extensionOf(name);
    const tail = ext ? `.${ext}` : '';
    name = name.slice(0, 200 - tail.length).trimEnd() + tail;
  }
  return name;
}

export type TypeCheck =
  | { ok: true; ext: AttachmentExtension; mimeType: string; isImage: boolean; inline: boolean }
  | { ok: false; reason: string };

const isUtf8Text = (data: Buffer) => {
  if (data.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
};

/**
 * Decides whether a file may be attached: its extension must be an allowed kind and its content
 * must really be that kind (magic bytes), so an `.exe` renamed `.pdf` is refused.
 */
export async function checkAttachmentType(name: string, data: Buffer): Promise<TypeCheck> {
  const ext = extensionOf(name);
  const allowed = collab.ATTACHMENT_EXTENSIONS.join(', ');
  if (!ext || !isAllowedExtension(ext)) {
    return {
      ok: false,
      reason: `${ext ? `.${ext}` : 'a file without an extension'} is not an allowed file type (allowed: ${allowed})`,
    };
  }
  const sniffed = await fileTypeFromBuffer(data);
  const accepts = SNIFFED[ext];
  if (accepts.length === 0) {
    if (sniffed || !isUtf8Text(data)) {
      return {
        ok: false,
        reason: `the content is ${sniffed ? `${sniffed.ext.toUpperCase()} data` : 'not UTF-8 text'}, not a .${ext} file`,
      };
    }
  } else if (!sniffed || !accepts.includes(sniffed.ext)) {
    return {
      ok: false,
      reason: `the content is ${sniffed ? `${sniffed.ext.toUpperCase()} data (${sniffed.mime})` : 'not recognised'}, not a .${ext} file`,
    };
  }
  return {
    ok: true,
    ext,
    mimeType: collab.ATTACHMENT_TYPES[ext],
    isImage: IMAGES.has(ext),
    inline: INLINE.has(ext),
  };
}

/** `Content-Disposition` with an ASCII fallback name and the exact UTF-8 name (RFC 6266/5987). */
export function contentDisposition(name: string, inline: boolean): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
