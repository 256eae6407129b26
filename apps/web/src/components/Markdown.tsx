import { Mark, Typography } from '@mantine/core';
import ReactMarkdown from 'react-markdown';
import remarkGfm from 'remark-gfm';

/**
 * Renders user-written markdown (task descriptions, comments). Raw HTML in the source is dropped,
 * never rendered, and links open in a new tab without an opener: user text cannot inject markup.
 */
export function Markdown({ children }: { children: string }) {
  return (
    <Typography fz="sm">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        skipHtml
        components={{
          a: ({ href, children: text }) =>
            // A mention (`@[Name](user:ID)` rewritten to `#mention-ID` by the comment view):
            // a highlighted name, not a link.
            href?.startsWith('#mention-') ? (
              <Mark color="keel" fw={600} px={2} style={{ borderRadius: 4 }} data-mention>
                {text}
              </Mark>
            ) : (
              <a href={href} target="_blank" rel="noopener noreferrer nofollow">
                {text}
              </a>
            ),
        }}
      >
        {children}
      </ReactMarkdown>
    </Typography>
  );
}
