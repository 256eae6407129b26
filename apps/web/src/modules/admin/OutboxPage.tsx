import { mail } from '@keel/contracts';
import {
  Alert,
  Anchor,
  Badge,
  Drawer,
  ScrollArea,
  Skeleton,
  Stack,
  Tabs,
  Text,
} from '@mantine/core';
import { IconMail } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { endpointQuery, useCursorList } from '../../api/query';
import { type Column, DataTable, RowLink } from '../../components/DataTable';
import { DetailList } from '../../components/DetailList';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { ListState, LoadMore } from '../../components/ListState';
import { PageHeader } from '../../components/PageHeader';
import { useFormat } from '../../lib/use-format';
import { useIsPhone } from '../../lib/use-is-phone';

type Message = z.output<typeof mail.mailMessage>;

const STATUS_COLORS: Record<Message['status'], string> = {
  pending: 'blue',
  sent: 'teal',
  stored: 'gray',
  failed: 'red',
};

/** Links found in a message's text, so invitation and reset links can be opened from here. */
export function extractLinks(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s<>"')]+/g) ?? [])];
}

function MessageView({ id }: { id: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const message = useQuery(endpointQuery(mail.getOutboxMessage, { params: { id } }));
  if (message.isPending) {
    return (
      <Stack gap="sm" aria-busy="true" aria-label={t('common.loading')}>
        <Skeleton height={16} width="60%" />
        <Skeleton height={12} width="40%" />
        <Skeleton height={300} />
      </Stack>
    );
  }
  if (message.isError)
    return <ErrorState error={message.error} onRetry={() => void message.refetch()} />;
  const m = message.data;
  const links = extractLinks(m.text);
  return (
    <Stack gap="md" data-testid="mail-message">
      <DetailList
        items={[
          { label: t('outbox.to'), value: m.to },
          {
            label: t('common.status'),
            value: (
              <Badge variant="light" color={STATUS_COLORS[m.status]}>
                {t(`outbox.statuses.${m.status}`)}
              </Badge>
            ),
          },
          { label: t('outbox.created'), value: format.dateTime(m.createdAt) },
          { label: t('outbox.sentAt'), value: format.dateTime(m.sentAt) },
        ]}
      />
      {m.error && (
        <Alert color="red" title={t('outbox.error')}>
          {m.error}
        </Alert>
      )}
      {links.length > 0 && (
        <Stack gap={4}>
          <Text fz="xs" c="dimmed" fw={600} tt="uppercase">
            {t('outbox.links')}
          </Text>
          {links.map((link) => (
            <Anchor
              key={link}
              href={link}
              fz="sm"
              style={{ wordBreak: 'break-all' }}
              data-testid="mail-link"
            >
              {link}
            </Anchor>
          ))}
        </Stack>
      )}
      <Tabs defaultValue={m.html ? 'html' : 'text'}>
        <Tabs.List>
          {m.html && <Tabs.Tab value="html">{t('outbox.html')}</Tabs.Tab>}
          <Tabs.Tab value="text">{t('outbox.text')}</Tabs.Tab>
        </Tabs.List>
        {m.html && (
          <Tabs.Panel value="html" pt="sm">
            <iframe
              title={t('outbox.previewTitle', { subject: m.subject })}
              sandbox=""
              srcDoc={m.html}
              className="keel-mail-frame"
              referrerPolicy="no-referrer"
            />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="text" pt="sm">
          <Text
            component="pre"
            fz="sm"
            ff="monospace"
            style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
            m={0}
          >
            {m.text}
          </Text>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** Mail the organization sent or stored (without SMTP, invitations and resets wait here). */
export function OutboxPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const isPhone = useIsPhone();
  const [selected, setSelected] = useState<Message | null>(null);
  const { list, rows } = useCursorList(mail.listOutbox, { limit: 50 });

  const columns: Column<Message>[] = [
    {
      key: 'subject',
      header: t('outbox.subject'),
      render: (m) => <RowLink onClick={() => setSelected(m)}>{m.subject}</RowLink>,
    },
    { key: 'to', header: t('outbox.to'), render: (m) => m.to },
    {
      key: 'status',
      header: t('common.status'),
      render: (m) => (
        <Badge variant="light" color={STATUS_COLORS[m.status]}>
          {t(`outbox.statuses.${m.status}`)}
        </Badge>
      ),
    },
    { key: 'created', header: t('outbox.created'), render: (m) => format.dateTime(m.createdAt) },
  ];

  return (
    <>
      <PageHeader title={t('nav.outbox')} description={t('outbox.description')} />
      <ListState
        query={list}
        rows={rows}
        empty={
          <EmptyState
            icon={<IconMail size={28} stroke={1.5} aria-hidden />}
            title={t('outbox.emptyTitle')}
            description={t('outbox.empty')}
          />
        }
      >
        {(messages) => (
          <Stack gap="md">
            <DataTable
              caption={t('nav.outbox')}
              columns={columns}
              rows={messages}
              rowKey={(m) => m.id}
              onRowClick={setSelected}
            />
            <LoadMore list={list} />
          </Stack>
        )}
      </ListState>
      <Drawer
        opened={Boolean(selected)}
        onClose={() => setSelected(null)}
        title={selected?.subject ?? ''}
        size={isPhone ? '100%' : 'xl'}
        scrollAreaComponent={ScrollArea.Autosize}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        styles={{ title: { fontWeight: 650 } }}
      >
        {selected && <MessageView id={selected.id} />}
      </Drawer>
    </>
  );
}
