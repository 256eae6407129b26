const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const footer = (prefsLink: string) =>
  `You get this e-mail because of your notification preferences: ${prefsLink}`;

/** One notification, sent as soon as it happens. */
export function notificationMail(input: {
  title: string;
  body: string | null;
  link: string;
  prefsLink: string;
}) {
  const paragraphs = [input.body].filter((p): p is string => !!p);
  const text = `${input.title}\n\n${paragraphs.map((p) => `${p}\n\n`).join('')}Open: ${input.link}\n\n${footer(input.prefsLink)}\n`;
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1b2a3a;max-width:560px;margin:24px auto">
<h2 style="color:#0b4f6c">${escapeHtml(input.title)}</h2>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<p><a href="${escapeHtml(input.link)}" style="background:#0b6e8a;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">Open in Keel</a></p>
<p style="color:#667;font-size:13px">${escapeHtml(footer(input.prefsLink))}</p>
</body></html>`;
  return { subject: input.title, text, html };
}

/** The daily digest: one e-mail listing a user's unread digest items. */
export function digestMail(input: {
  organizationName: string;
  items: { title: string; link: string }[];
  prefsLink: string;
  allLink: string;
}) {
  const n = input.items.length;
  const subject = `${n} update${n === 1 ? '' : 's'} in ${input.organizationName}`;
  const text = `${subject}\n\n${input.items.map((i) => `- ${i.title}\n  ${i.link}`).join('\n')}\n\nAll notifications: ${input.allLink}\n\n${footer(input.prefsLink)}\n`;
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1b2a3a;max-width:560px;margin:24px auto">
<h2 style="color:#0b4f6c">${escapeHtml(subject)}</h2>
<ul>${input.items.map((i) => `<li><a href="${escapeHtml(i.link)}">${escapeHtml(i.title)}</a></li>`).join('')}</ul>
<p><a href="${escapeHtml(input.allLink)}">All notifications</a></p>
<p style="color:#667;font-size:13px">${escapeHtml(footer(input.prefsLink))}</p>
</body></html>`;
  return { subject, text, html };
}
