const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function layout(title: string, paragraphs: string[], action: { label: string; link: string }) {
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1b2a3a;max-width:560px;margin:24px auto">
<h2 style="color:#0b4f6c">${escapeHtml(title)}</h2>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<p><a href="${escapeHtml(action.link)}" style="background:#0b6e8a;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p>
<p style="color:#667;font-size:13px">Or open this link: ${escapeHtml(action.link)}</p>
</body></html>`;
  const text = `${title}\n\n${paragraphs.join('\n\n')}\n\n${action.label}: ${action.link}\n`;
  return { html, text };
}

export function passwordResetMail(input: { name: string; link: string }) {
  return {
    subject: 'Reset your Keel password',
    ...layout(
      'Reset your password',
      [
        `Hello ${input.name},`,
        'Someone asked to reset the password of your Keel account. The link works for one hour.',
        'If it was not you, ignore this message; your password stays as it is.',
      ],
      { label: 'Choose a new password', link: input.link },
    ),
  };
}

export function invitationMail(input: {
  organizationName: string;
  inviterName: string;
  roleLabel: string;
  link: string;
}) {
  return {
    subject: `${input.inviterName} invited you to ${input.organizationName} on Keel`,
    ...layout(
      `Join ${input.organizationName} on Keel`,
      [
        `${input.inviterName} invited you to ${input.organizationName} as ${input.roleLabel}.`,
        'The invitation is valid for 7 days.',
      ],
      { label: 'Accept the invitation', link: input.link },
    ),
  };
}
