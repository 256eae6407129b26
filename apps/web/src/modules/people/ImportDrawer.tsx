import { people } from '@keel/contracts';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  FileButton,
  Group,
  List,
  Stack,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ApiError, call } from '../../api/client';
import { SideDrawer } from '../../components/SideDrawer';
import { errorMessage } from '../../lib/errors';
import { notifySuccess } from '../../lib/notify';

type Preview = z.output<typeof people.importPreview>;

function isPreview(value: unknown): value is Preview {
  return Boolean(
    value && typeof value === 'object' && 'rows' in value && Array.isArray(value.rows),
  );
}

const TEMPLATE = `${people.IMPORT_COLUMNS.join(',')}\n`;

/** Upload or paste a CSV → preview each row with its errors → import all rows or none. */
export function ImportDrawer({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);

  const check = useMutation({
    mutationFn: (text: string) => call(people.previewEmployeeImport, { body: { csv: text } }),
    onSuccess: setPreview,
  });
  const run = useMutation({
    mutationFn: (text: string) => call(people.importEmployees, { body: { csv: text } }),
    onSuccess: async (result) => {
      notifySuccess(t('people.import.done', { created: result.created, updated: result.updated }));
      await queryClient.invalidateQueries({ queryKey: ['listEmployees'] });
      await queryClient.invalidateQueries({ queryKey: ['getOrgChart'] });
      close();
    },
    onError: (error) => {
      if (error instanceof ApiError && isPreview(error.body.preview ?? error.body)) {
        setPreview((error.body.preview ?? error.body) as Preview);
      }
    },
  });

  function close() {
    setCsv('');
    setFileName(null);
    setPreview(null);
    check.reset();
    run.reset();
    onClose();
  }

  async function readFile(file: File | null) {
    if (!file) return;
    setFileName(file.name);
    setCsv(await file.text());
    setPreview(null);
  }

  const failure = check.error ?? (run.error && !preview ? run.error : null);

  return (
    <SideDrawer opened={opened} onClose={close} title={t('people.import.title')} size="xl">
      <Stack gap="md" data-testid="import-drawer">
        <Text fz="sm">{t('people.import.intro')}</Text>
        <Text fz="xs" c="dimmed">
          {t('people.import.columns')} <Code fz="xs">{people.IMPORT_COLUMNS.join(', ')}</Code>{' '}
          <Anchor
            href={`data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE)}`}
            download="keel-employees-template.csv"
            fz="xs"
          >
            {t('people.import.template')}
          </Anchor>
        </Text>
        <Group gap="sm">
          <FileButton onChange={(file) => void readFile(file)} accept=".csv,text/csv">
            {(props) => (
              <Button
                variant="default"
                leftSection={<IconUpload size={16} aria-hidden />}
                {...props}
              >
                {t('people.import.chooseFile')}
              </Button>
            )}
          </FileButton>
          {fileName && <Text fz="sm">{fileName}</Text>}
        </Group>
        <Textarea
          label={t('people.import.paste')}
          autosize
          minRows={6}
          maxRows={14}
          value={csv}
          onChange={(event) => {
            setCsv(event.currentTarget.value);
            setPreview(null);
          }}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
          data-testid="import-csv-text"
        />
        {failure && (
          <Alert color="red" role="alert">
            {errorMessage(failure, t)}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button
            variant={preview ? 'default' : 'filled'}
            onClick={() => check.mutate(csv)}
            loading={check.isPending}
            disabled={!csv.trim()}
            data-testid="import-preview"
          >
            {t('people.import.check')}
          </Button>
          {preview && (
            <Button
              onClick={() => run.mutate(csv)}
              loading={run.isPending}
              disabled={preview.invalid > 0 || preview.valid === 0}
              data-testid="import-confirm"
            >
              {t('people.import.confirm', { count: preview.valid })}
            </Button>
          )}
        </Group>

        {preview && (
          <Stack gap="sm" data-testid="import-result">
            <Group gap="xs">
              <Badge color="teal" variant="light" leftSection={<IconCheck size={12} aria-hidden />}>
                {t('people.import.valid', { count: preview.valid })}
              </Badge>
              <Badge
                color={preview.invalid ? 'red' : 'gray'}
                variant="light"
                leftSection={<IconAlertTriangle size={12} aria-hidden />}
              >
                {t('people.import.invalid', { count: preview.invalid })}
              </Badge>
            </Group>
            {preview.unknownColumns.length > 0 && (
              <Alert color="yellow" title={t('people.import.unknownColumns')}>
                {preview.unknownColumns.join(', ')}
              </Alert>
            )}
            {preview.invalid > 0 && (
              <Alert color="red" role="alert">
                {t('people.import.fixErrors')}
              </Alert>
            )}
            <Table.ScrollContainer minWidth={520} type="native">
              <Table striped verticalSpacing="xs" fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={70}>{t('people.import.line')}</Table.Th>
                    <Table.Th>{t('people.name')}</Table.Th>
                    <Table.Th w={110}>{t('people.import.action')}</Table.Th>
                    <Table.Th>{t('people.import.problems')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {preview.rows.map((row) => (
                    <Table.Tr key={row.row}>
                      <Table.Td>{row.row}</Table.Td>
                      <Table.Td>{row.name || '—'}</Table.Td>
                      <Table.Td>
                        <Badge
                          size="sm"
                          variant="light"
                          color={row.action === 'create' ? 'keel' : 'blue'}
                        >
                          {t(`people.import.actions.${row.action}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        {row.errors.length === 0 ? (
                          <Text fz="sm" c="teal.8">
                            {t('people.import.ok')}
                          </Text>
                        ) : (
                          <List size="sm" c="red.8" spacing={2}>
                            {row.errors.map((error) => (
                              <List.Item key={`${error.field}-${error.message}`}>
                                <Code fz="xs">{error.field}</Code> {error.message}
                              </List.Item>
                            ))}
                          </List>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Stack>
        )}
      </Stack>
    </SideDrawer>
  );
}
