import { schedulingPeople as api, type Qualification } from '@keel/contracts';
import { Badge, Button, Card, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import { apiFieldErrors, type FormErrors } from '../../../api/form-errors';
import { endpointQuery, useRefresh } from '../../../api/query';
import { CardTitle } from '../../../components/CardSection';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { ErrorState } from '../../../components/ErrorState';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { useFormat } from '../../../lib/use-format';

const STATUS_COLOR = { valid: 'green', expiring: 'yellow', expired: 'red' } as const;

/** Certifications with expiry of one employee (employee detail page): list, add, remove. */
export function QualificationsCard({
  employeeId,
  canManage,
}: {
  employeeId: string;
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const refresh = useRefresh();
  const query = useQuery(endpointQuery(api.listQualifications, { params: { id: employeeId } }));
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState('');
  const [issuedOn, setIssued] = useState('');
  const [expiresOn, setExpires] = useState('');
  const [errors, setErrors] = useState<FormErrors>({});
  const done = async (message: string) => {
    notifySuccess(message);
    await refresh('listQualifications', 'getEmployeeWorkRules', 'getRoster');
  };
  const add = useMutation({
    mutationFn: () =>
      call(api.addQualification, {
        params: { id: employeeId },
        body: { name, issuedOn: issuedOn || null, expiresOn: expiresOn || null },
      }),
    onSuccess: async () => {
      setName('');
      setIssued('');
      setExpires('');
      setAdding(false);
      await done(t('scheduling.people.qualifications.added'));
    },
    onError: (e) => {
      const fe = apiFieldErrors(e);
      if (Object.keys(fe).length) setErrors(fe);
      else notifyError(e, t);
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => call(api.deleteQualification, { params: { id } }),
    onSuccess: () => done(t('scheduling.people.deleted')),
    onError: (e) => notifyError(e, t),
  });
  const row = (q: Qualification) => (
    <Group key={q.id} justify="space-between" wrap="nowrap" data-testid="qualification-row">
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Group gap="xs" wrap="nowrap">
          <Text fz="sm" fw={600} truncate>
            {q.name}
          </Text>
          <Badge size="sm" variant="light" color={STATUS_COLOR[q.status]}>
            {t(`scheduling.people.qualifications.status.${q.status}`)}
          </Badge>
        </Group>
        <Text fz="xs" c="dimmed">
          {q.expiresOn
            ? `${t('scheduling.people.qualifications.expiresOn')} ${fmt.date(q.expiresOn)}`
            : t('scheduling.people.qualifications.never')}
          {q.issuedOn
            ? ` · ${t('scheduling.people.qualifications.issuedOn')} ${fmt.date(q.issuedOn)}`
            : ''}
          {q.note ? ` · ${q.note}` : ''}
        </Text>
      </Stack>
      {canManage && (
        <ConfirmButton
          size="compact-sm"
          variant="subtle"
          color="red"
          confirmTitle={t('scheduling.people.qualifications.deleteConfirm')}
          confirmMessage={q.name}
          confirmLabel={t('scheduling.people.delete')}
          onConfirm={() => remove.mutateAsync(q.id)}
          aria-label={`${t('scheduling.people.delete')}: ${q.name}`}
          data-testid="delete-qualification"
        >
          <IconTrash size={16} aria-hidden />
        </ConfirmButton>
      )}
    </Group>
  );
  return (
    <Card>
      <CardTitle hint={t('scheduling.people.qualifications.hint')}>
        {t('scheduling.people.qualifications.title')}
      </CardTitle>
      {query.isPending ? (
        <Text fz="sm" c="dimmed">
          {t('common.loading')}
        </Text>
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Stack gap="xs" data-testid="qualifications">
          {query.data.items.length === 0 ? (
            <Text fz="sm" c="dimmed">
              {t('scheduling.people.qualifications.empty')}
            </Text>
          ) : (
            query.data.items.map(row)
          )}
          {canManage &&
            (adding ? (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  setErrors({});
                  add.mutate();
                }}
              >
                <Stack gap="xs" mt="xs">
                  <TextInput
                    label={t('scheduling.people.qualifications.name')}
                    required
                    value={name}
                    onChange={(e) => setName(e.currentTarget.value)}
                    error={errors.name}
                    data-testid="qualification-name"
                  />
                  <Group grow align="flex-start">
                    <TextInput
                      type="date"
                      label={t('scheduling.people.qualifications.issuedOn')}
                      value={issuedOn}
                      onChange={(e) => setIssued(e.currentTarget.value)}
                      error={errors.issuedOn}
                    />
                    <TextInput
                      type="date"
                      label={t('scheduling.people.qualifications.expiresOn')}
                      value={expiresOn}
                      onChange={(e) => setExpires(e.currentTarget.value)}
                      error={errors.expiresOn}
                      data-testid="qualification-expires"
                    />
                  </Group>
                  <Group justify="flex-end" gap="xs">
                    <Button variant="default" size="compact-sm" onClick={() => setAdding(false)}>
                      {t('common.cancel')}
                    </Button>
                    <Button
                      type="submit"
                      size="compact-sm"
                      loading={add.isPending}
                      data-testid="qualification-save"
                    >
                      {t('common.save')}
                    </Button>
                  </Group>
                </Stack>
              </form>
            ) : (
              <Button
                variant="light"
                size="compact-sm"
                w="fit-content"
                mt="xs"
                leftSection={<IconPlus size={14} aria-hidden />}
                onClick={() => setAdding(true)}
                data-testid="add-qualification"
              >
                {t('scheduling.people.qualifications.add')}
              </Button>
            ))}
        </Stack>
      )}
    </Card>
  );
}
