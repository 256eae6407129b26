import { collab } from '@keel/contracts';
import {
  Avatar,
  Button,
  Combobox,
  Group,
  Loader,
  Stack,
  Text,
  Textarea,
  useCombobox,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpointQuery } from '../../api/query';
import { initials } from '../../shell/UserMenu';
import { displayToTokens, type Mention, mentionAt, tokensToDisplay } from './mentions';

interface CommentComposerProps {
  /** A stored body to start from (editing). */
  initialBody?: string;
  submitLabel: string;
  onSubmit: (body: string) => Promise<unknown>;
  onCancel?: () => void;
  busy?: boolean;
  autoFocus?: boolean;
  label: string;
  testIdPrefix?: 'comment' | 'comment-edit';
}

/**
 * A comment box with @-mentions: typing `@` and a few letters lists matching members; picking
 * one puts `@Name` in the text (sent as a mention token). Ctrl/⌘+Enter sends.
 */
export function CommentComposer({
  initialBody = '',
  submitLabel,
  onSubmit,
  onCancel,
  busy,
  autoFocus,
  label,
  testIdPrefix = 'comment',
}: CommentComposerProps) {
  const { t } = useTranslation();
  const initial = tokensToDisplay(initialBody);
  const [text, setText] = useState(initial.text);
  const [mentions, setMentions] = useState<Mention[]>(initial.mentions);
  const [typing, setTyping] = useState<{ start: number; query: string } | null>(null);
  const [debounced] = useDebouncedValue(typing?.query ?? '', 150);
  const ref = useRef<HTMLTextAreaElement>(null);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });

  const people = useQuery({
    ...endpointQuery(collab.listDirectory, { query: { q: debounced || undefined, limit: 8 } }),
    enabled: typing !== null,
    placeholderData: keepPreviousData,
  });
  const options = people.data?.items ?? [];

  useEffect(() => {
    if (typing && options.length) combobox.selectFirstOption();
  }, [typing, options.length, combobox]);

  const body = displayToTokens(text.trim(), mentions);
  const tooLong = body.length > collab.COMMENT_MAX_LENGTH;

  const track = (value: string, caret: number | null) => {
    const found = caret === null ? null : mentionAt(value, caret);
    setTyping(found);
    if (found) combobox.openDropdown();
    else combobox.closeDropdown();
  };

  const pick = (userId: string) => {
    const person = options.find((p) => p.userId === userId);
    const el = ref.current;
    if (!person || !typing || !el) return;
    const caret = el.selectionStart ?? text.length;
    const insert = `@${person.name} `;
    const next = text.slice(0, typing.start) + insert + text.slice(caret);
    setText(next);
    setMentions((list) =>
      list.some((m) => m.userId === person.userId)
        ? list
        : [...list, { userId: person.userId, name: person.name }],
    );
    setTyping(null);
    combobox.closeDropdown();
    const at = typing.start + insert.length;
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(at, at);
    });
  };

  const submit = async () => {
    if (!body || tooLong || busy) return;
    await onSubmit(body);
    if (!initialBody) {
      setText('');
      setMentions([]);
    }
  };

  return (
    <Stack gap="xs">
      <Combobox
        store={combobox}
        onOptionSubmit={pick}
        withinPortal
        position="bottom-start"
        middlewares={{ flip: true, shift: true }}
      >
        <Combobox.Target withAriaAttributes={typing !== null}>
          <Textarea
            ref={ref}
            aria-label={label}
            placeholder={t('collab.comments.placeholder')}
            autosize
            minRows={2}
            maxRows={12}
            value={text}
            autoFocus={autoFocus}
            error={
              tooLong
                ? t('collab.comments.tooLong', {
                    max: collab.COMMENT_MAX_LENGTH.toLocaleString(),
                    count: body.length,
                  })
                : undefined
            }
            onChange={(e) => {
              setText(e.currentTarget.value);
              track(e.currentTarget.value, e.currentTarget.selectionStart);
            }}
            onClick={(e) => track(e.currentTarget.value, e.currentTarget.selectionStart)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void submit();
              } else if (e.key === 'Escape' && typing) {
                setTyping(null);
              }
            }}
            onBlur={() => combobox.closeDropdown()}
            data-testid={`${testIdPrefix}-input`}
          />
        </Combobox.Target>
        <Combobox.Dropdown hidden={typing === null} aria-label={t('collab.comments.mentionPeople')}>
          <Combobox.Options data-testid="mention-options">
            {people.isFetching && options.length === 0 ? (
              <Combobox.Empty>
                <Loader size={14} />
              </Combobox.Empty>
            ) : options.length === 0 ? (
              <Combobox.Empty>{t('collab.comments.noPeople')}</Combobox.Empty>
            ) : (
              options.map((p) => (
                <Combobox.Option value={p.userId} key={p.userId} data-testid="mention-option">
                  <Group gap="xs" wrap="nowrap">
                    <Avatar size={24} radius="xl" color="keel" alt="">
                      {initials(p.name)}
                    </Avatar>
                    <div style={{ minWidth: 0 }}>
                      <Text fz="sm" truncate>
                        {p.name}
                      </Text>
                      {p.positionTitle && (
                        <Text fz="xs" c="dimmed" truncate>
                          {p.positionTitle}
                        </Text>
                      )}
                    </div>
                  </Group>
                </Combobox.Option>
              ))
            )}
          </Combobox.Options>
        </Combobox.Dropdown>
      </Combobox>
      <Group justify="space-between" gap="xs">
        <Text fz="xs" c="dimmed" visibleFrom="sm">
          {t('collab.comments.hint')}
        </Text>
        <Group gap="xs" ml="auto">
          {onCancel && (
            <Button variant="default" size="xs" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
          <Button
            size="xs"
            onClick={() => void submit()}
            loading={busy}
            disabled={!body || tooLong}
            data-testid={`${testIdPrefix}-submit`}
          >
            {submitLabel}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
