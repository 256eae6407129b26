import { collab } from '@keel/contracts';
import { Badge, Card, Group, Tabs, Title } from '@mantine/core';
import { IconActivity, IconMessageCircle, IconPaperclip } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpointQuery } from '../../api/query';
import { ActivityPanel } from './ActivityPanel';
import { CommentsPanel } from './CommentsPanel';
import { FilesPanel } from './FilesPanel';
import { useComments } from './queries';

export interface RecordActivityProps {
  /** A record kind registered on the server (`employee`, `task`, `resource`…). */
  entityType: string;
  entityId: string;
  /** Card heading; "Discussion" when left out. */
  title?: string;
  /** The tab open first. */
  defaultTab?: 'comments' | 'files' | 'activity';
}

/**
 * Comments (with @mentions), files and the activity timeline of any record, as one card with
 * three tabs. Drop it on a record's page: `<RecordActivity entityType="task" entityId={id} />`.
 * Updates live (tag `collab`).
 */
export function RecordActivity({
  entityType,
  entityId,
  title,
  defaultTab = 'comments',
}: RecordActivityProps) {
  const { t } = useTranslation();
  const record = { entityType, entityId };
  const [tab, setTab] = useState<string | null>(defaultTab);
  const comments = useComments(record);
  const files = useQuery(endpointQuery(collab.listAttachments, { params: record }));
  const commentCount = comments.data?.pages[0]?.total;
  const fileCount = files.data?.items.length;

  return (
    <Card data-testid="record-activity">
      <Title order={2} fz="h4" mb="sm">
        {title ?? t('collab.title')}
      </Title>
      <Tabs
        value={tab}
        onChange={setTab}
        keepMounted={false}
        styles={{ tab: { paddingInline: 10 } }}
      >
        <Tabs.List mb="md" style={{ flexWrap: 'nowrap', overflowX: 'auto', overflowY: 'hidden' }}>
          <Tabs.Tab
            value="comments"
            leftSection={<IconMessageCircle size={14} aria-hidden />}
            data-testid="tab-comments"
          >
            <Group gap={6} wrap="nowrap">
              {t('collab.tabs.comments')}
              {!!commentCount && (
                <Badge size="xs" variant="light" circle={commentCount < 10}>
                  {commentCount}
                </Badge>
              )}
            </Group>
          </Tabs.Tab>
          <Tabs.Tab
            value="files"
            leftSection={<IconPaperclip size={14} aria-hidden />}
            data-testid="tab-files"
          >
            <Group gap={6} wrap="nowrap">
              {t('collab.tabs.files')}
              {!!fileCount && (
                <Badge size="xs" variant="light" circle={fileCount < 10}>
                  {fileCount}
                </Badge>
              )}
            </Group>
          </Tabs.Tab>
          <Tabs.Tab
            value="activity"
            leftSection={<IconActivity size={14} aria-hidden />}
            data-testid="tab-activity"
          >
            {t('collab.tabs.activity')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="comments">
          <CommentsPanel record={record} />
        </Tabs.Panel>
        <Tabs.Panel value="files">
          <FilesPanel record={record} />
        </Tabs.Panel>
        <Tabs.Panel value="activity">
          <ActivityPanel record={record} />
        </Tabs.Panel>
      </Tabs>
    </Card>
  );
}
