import { type Site, scheduling } from '@keel/contracts';
import { Badge, Box, Button, Group, Paper, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import { apiFieldErrors, type FormErrors } from '../../../api/form-errors';
import { endpointQuery, useRefresh } from '../../../api/query';
import { ConfirmButton } from '../../../components/ConfirmButton';
import { EmptyState } from '../../../components/EmptyState';
import { ListState } from '../../../components/ListState';
import { SideDrawer } from '../../../components/SideDrawer';
import { notifyError, notifySuccess } from '../../../lib/notify';
import { addDays, BulkResult, mondayOf, SETUP_QUERIES, todayIn, WEEKDAYS } from './setup-ui';

type Template = { id: string; name: string; shifts: { weekday: number }[] };

function SaveWeekForm({ site }: { site: Site }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const [name, setName] = useState('');
  const [weekStart, setWeekStart] = useState(mondayOf(todayIn(site.timeZone)));
  const [errors, setErrors] = useState<FormErrors>({});
  const save = useMutation({
    mutationFn: () => call(scheduling.saveTemplate, { body: { siteId: site.id, name, weekStart } }),
    onSuccess: async () => {
      notifySuccess(t('scheduling.setup.templates.saved'));
      setName('');
      await refresh(...SETUP_QUERIES);
    },
    onError: (e) => {
      const fe = apiFieldErrors(e);
      if (Object.keys(fe).length) setErrors(fe);
      else notifyError(e, t);
    },
  });
  return (
    <Paper withBorder p="md" mb="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setErrors({});
          save.mutate();
        }}
      >
        <Text fw={600} mb="xs">
          {t('scheduling.setup.templates.saveWeek')}
        </Text>
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            label={t('scheduling.setup.templates.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            w={{ base: '100%', xs: 260 }}
            data-testid="template-name"
          />
          <TextInput
            type="date"
            label={t('scheduling.setup.templates.weekStart')}
            required
            value={weekStart}
            onChange={(e) => setWeekStart(e.currentTarget.value)}
            error={errors.weekStart}
            w={{ base: '100%', xs: 200 }}
            data-testid="template-week"
          />
          <Button
            type="submit"
            mt={{ base: 0, xs: 25 }}
            leftSection={<IconDeviceFloppy size={16} aria-hidden />}
            loading={save.isPending}
            data-testid="template-save"
          >
            {t('scheduling.setup.templates.saveWeek')}
          </Button>
        </Group>
      </form>
    </Paper>
  );
}

function ApplyTemplate({
  template,
  site,
  onClose,
}: {
  template: Template;
  site: Site;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const [weekStart, setWeekStart] = useState(addDays(mondayOf(todayIn(site.timeZone)), 7));
  const [includeAssignees, setInclude] = useState(true);
  const [errors, setErrors] = useState<FormErrors>({});
  const apply = useMutation({
    mutationFn: () =>
      call(scheduling.applyTemplate, {
        params: { id: template.id },
        body: { weekStart, includeAssignees },
      }),
    onSuccess: async () => {
      await refresh('getRoster', ...SETUP_QUERIES);
    },
    onError: (e) => {
      const fe = apiFieldErrors(e);
      if (Object.keys(fe).length) setErrors(fe);
      else notifyError(e, t);
    },
  });
  return (
    <SideDrawer
      opened
      onClose={onClose}
      title={t('scheduling.setup.templates.applyTitle', { name: template.name })}
    >
      <Stack gap="md">
        <TextInput
          type="date"
          label={t('scheduling.setup.templates.weekStart')}
          value={weekStart}
          onChange={(e) => setWeekStart(e.currentTarget.value)}
          error={errors.weekStart}
          data-testid="apply-template-week"
        />
        <Switch
          label={t('scheduling.setup.templates.includeAssignees')}
          checked={includeAssignees}
          onChange={(e) => setInclude(e.currentTarget.checked)}
          data-testid="apply-template-assignees"
        />
        {apply.data && <BulkResult result={apply.data} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.close')}
          </Button>
          <Button
            onClick={() => {
              setErrors({});
              apply.mutate();
            }}
            loading={apply.isPending}
            data-testid="apply-template-submit"
          >
            {t('scheduling.setup.templates.applyButton')}
          </Button>
        </Group>
      </Stack>
    </SideDrawer>
  );
}

/** Week templates of a site: save a week, apply to a week, delete. */
export function TemplatesTab({ site }: { site: Site }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const query = useQuery(endpointQuery(scheduling.listTemplates, { query: { siteId: site.id } }));
  const [applying, setApplying] = useState<Template | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => call(scheduling.deleteTemplate, { params: { id } }),
    onSuccess: async () => {
      notifySuccess(t('scheduling.setup.templates.deleted'));
      await refresh(...SETUP_QUERIES);
    },
    onError: (e) => notifyError(e, t),
  });
  return (
    <>
      <SaveWeekForm site={site} />
      <ListState
        query={query}
        rows={query.data?.items}
        empty={
          <EmptyState
            title={t('scheduling.setup.templates.empty')}
            description={t('scheduling.setup.templates.emptyHint')}
          />
        }
      >
        {(rows) => (
          <Stack gap="sm">
            {rows.map((tpl) => (
              <Paper key={tpl.id} withBorder p="md" data-testid="template-card">
                <Group justify="space-between" align="flex-start" gap="sm">
                  <Box style={{ minWidth: 0, flex: '1 1 16rem' }}>
                    <Text fw={600}>{tpl.name}</Text>
                    <Text fz="xs" c="dimmed">
                      {t('scheduling.setup.templates.shifts', { count: tpl.shifts.length })}
                    </Text>
                    <Group gap={4} mt="xs" aria-label={t('scheduling.setup.templates.perDay')}>
                      {WEEKDAYS.map((d) => (
                        <Badge
                          key={d}
                          variant="light"
                          color="gray"
                          radius="sm"
                          styles={{ root: { textTransform: 'none' } }}
                        >
                          {t(`scheduling.setup.weekdays.${d}` as 'scheduling.setup.weekdays.1')}{' '}
                          {tpl.shifts.filter((s) => s.weekday === d).length}
                        </Badge>
                      ))}
                    </Group>
                  </Box>
                  <Group gap={4}>
                    <Button
                      size="compact-sm"
                      onClick={() => setApplying(tpl)}
                      data-testid="apply-template"
                    >
                      {t('scheduling.setup.templates.apply')}
                    </Button>
                    <ConfirmButton
                      size="compact-sm"
                      variant="subtle"
                      color="red"
                      confirmTitle={t('scheduling.setup.templates.deleteConfirm')}
                      confirmLabel={t('scheduling.setup.delete')}
                      onConfirm={() => remove.mutateAsync(tpl.id)}
                      data-testid="delete-template"
                    >
                      {t('scheduling.setup.delete')}
                    </ConfirmButton>
                  </Group>
                </Group>
              </Paper>
            ))}
          </Stack>
        )}
      </ListState>
      {applying && (
        <ApplyTemplate template={applying} site={site} onClose={() => setApplying(null)} />
      )}
    </>
  );
}
