import { people } from '@keel/contracts';
import {
  Anchor,
  Avatar,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconEdit, IconLock } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { endpointQuery } from '../../api/query';
import { ArchiveToggleButton } from '../../components/ArchiveToggleButton';
import { CardTitle } from '../../components/CardSection';
import { DetailList } from '../../components/DetailList';
import { ErrorState } from '../../components/ErrorState';
import { HistoryTimeline } from '../../components/HistoryTimeline';
import { DetailSkeleton } from '../../components/LoadingState';
import { AnchorLink } from '../../components/links';
import { type Crumb, PageHeader } from '../../components/PageHeader';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useCan } from '../../lib/session';
import { useFormat } from '../../lib/use-format';
import { initials } from '../../shell/UserMenu';
import { RecordActivity } from '../collab/RecordActivity';
import { QualificationsCard } from '../scheduling/people/QualificationsCard';
import { EmployeeFormDrawer } from './EmployeeFormDrawer';

const routeApi = getRouteApi('/app/people/$id');

export function EmployeeDetailPage() {
  const { t } = useTranslation();
  const { id } = routeApi.useParams();
  const can = useCan();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [editOpened, edit] = useDisclosure(false);

  const employee = useQuery(endpointQuery(people.getEmployee, { params: { id } }));
  const reports = useQuery(
    endpointQuery(people.listEmployees, { query: { managerId: id, limit: 100, status: 'active' } }),
  );

  const changeStatus = useMutation({
    mutationFn: (action: 'archive' | 'restore') =>
      call(action === 'archive' ? people.archiveEmployee : people.restoreEmployee, {
        params: { id },
      }),
    onSuccess: async (saved, action) => {
      queryClient.setQueryData(
        endpointQuery(people.getEmployee, { params: { id } }).queryKey,
        saved,
      );
      notifySuccess(
        action === 'archive'
          ? t('people.archived', { name: saved.name })
          : t('people.restored', { name: saved.name }),
      );
      await queryClient.invalidateQueries({ queryKey: ['listEmployees'] });
      await queryClient.invalidateQueries({ queryKey: ['getOrgChart'] });
      await queryClient.invalidateQueries({ queryKey: ['getRecordHistory'] });
    },
    onError: (error) => notifyError(error, t),
  });

  const crumbs: Crumb[] = [{ label: t('nav.employees'), to: '/people' }];

  if (employee.isPending) return <DetailSkeleton />;
  if (employee.isError) {
    return (
      <>
        <PageHeader title={t('people.employee')} breadcrumbs={crumbs} />
        <ErrorState error={employee.error} onRetry={() => void employee.refetch()} />
      </>
    );
  }

  const e = employee.data;
  const archived = e.status === 'archived';

  return (
    <>
      <PageHeader
        breadcrumbs={[...crumbs, { label: e.name }]}
        title={
          <Group gap="sm" wrap="nowrap" component="span">
            <Avatar size={44} radius="xl" color="keel" alt="" visibleFrom="xs">
              {initials(e.name)}
            </Avatar>
            <span>{e.name}</span>
          </Group>
        }
        badge={
          <Badge color={archived ? 'gray' : 'teal'} variant="light" data-testid="employee-status">
            {t(`people.statuses.${e.status}`)}
          </Badge>
        }
        description={
          [e.position?.name, e.department?.name, e.site?.name].filter(Boolean).join(' · ') ||
          undefined
        }
        actions={
          can('people.manage') && (
            <>
              <Button
                leftSection={<IconEdit size={16} aria-hidden />}
                onClick={edit.open}
                data-testid="edit-employee"
              >
                {t('common.edit')}
              </Button>
              <ArchiveToggleButton
                archived={archived}
                archiveTitle={t('people.archiveConfirm', { name: e.name })}
                restoreTitle={t('people.restoreConfirm', { name: e.name })}
                archiveHint={t('people.archiveHint')}
                onArchive={() => changeStatus.mutateAsync('archive')}
                onRestore={() => changeStatus.mutateAsync('restore')}
                loading={changeStatus.isPending}
                archiveTestId="archive-employee"
                restoreTestId="restore-employee"
              />
            </>
          )
        }
      />

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="lg">
            <Card>
              <CardTitle>{t('people.sectionWork')}</CardTitle>
              <DetailList
                items={[
                  { label: t('people.employeeNumber'), value: e.employeeNumber },
                  {
                    label: t('people.employmentType'),
                    value: t(`people.employmentTypes.${e.employmentType}`),
                  },
                  { label: t('people.position'), value: e.position?.name },
                  { label: t('people.department'), value: e.department?.name },
                  { label: t('people.site'), value: e.site?.name },
                  {
                    label: t('people.manager'),
                    value: e.manager && (
                      <AnchorLink
                        to="/people/$id"
                        params={{ id: e.manager.id }}
                        fz="sm"
                        data-testid="manager-link"
                      >
                        {e.manager.name}
                      </AnchorLink>
                    ),
                  },
                  { label: t('people.startDate'), value: format.date(e.startDate) },
                  {
                    label: t('people.contractHours'),
                    value:
                      e.contractHoursPerWeek === null
                        ? null
                        : t('people.hoursPerWeek', {
                            hours: format.number(e.contractHoursPerWeek),
                          }),
                  },
                  {
                    label: t('people.skills'),
                    wide: true,
                    value: e.skills.length ? (
                      <Group gap={6} component="span">
                        {e.skills.map((skill) => (
                          <Badge key={skill} variant="light" color="gray" tt="none" fw={500}>
                            {skill}
                          </Badge>
                        ))}
                      </Group>
                    ) : null,
                  },
                ]}
              />
            </Card>
            <Card>
              <CardTitle>{t('people.sectionContact')}</CardTitle>
              <DetailList
                items={[
                  {
                    label: t('people.email'),
                    value: e.email && (
                      <Anchor href={`mailto:${e.email}`} fz="sm">
                        {e.email}
                      </Anchor>
                    ),
                  },
                  {
                    label: t('people.phone'),
                    value: e.phone && (
                      <Anchor href={`tel:${e.phone}`} fz="sm">
                        {e.phone}
                      </Anchor>
                    ),
                  },
                ]}
              />
            </Card>
            {e.pay !== undefined && (
              <Card data-testid="pay-card">
                <Group gap="xs" mb="md">
                  <IconLock size={16} aria-hidden />
                  <Title order={2} fz="h4">
                    {t('people.sectionPay')}
                  </Title>
                </Group>
                <DetailList
                  items={
                    e.pay
                      ? [
                          { label: t('people.payType'), value: t(`people.payTypes.${e.pay.type}`) },
                          {
                            label:
                              e.pay.type === 'hourly'
                                ? t('people.hourlyRate')
                                : t('people.yearlySalary'),
                            value: format.money(e.pay.amountMinor, e.pay.currency),
                          },
                        ]
                      : [{ label: t('people.pay'), value: null }]
                  }
                />
              </Card>
            )}
            <QualificationsCard employeeId={e.id} canManage={can('people.manage')} />
            <Card>
              <CardTitle>{t('people.directReports')}</CardTitle>
              {reports.isPending ? (
                <Text fz="sm" c="dimmed">
                  {t('common.loading')}
                </Text>
              ) : reports.isError ? (
                <ErrorState error={reports.error} onRetry={() => void reports.refetch()} />
              ) : reports.data.items.length === 0 ? (
                <Text fz="sm" c="dimmed">
                  {t('people.noDirectReports')}
                </Text>
              ) : (
                <Stack gap="xs" data-testid="direct-reports">
                  {reports.data.items.map((report) => (
                    <Group key={report.id} gap="sm" wrap="nowrap">
                      <Avatar size={28} radius="xl" color="keel" alt="">
                        {initials(report.name)}
                      </Avatar>
                      <div style={{ minWidth: 0 }}>
                        <AnchorLink to="/people/$id" params={{ id: report.id }} fz="sm" fw={600}>
                          {report.name}
                        </AnchorLink>
                        {report.position && (
                          <Text fz="xs" c="dimmed">
                            {report.position.name}
                          </Text>
                        )}
                      </div>
                    </Group>
                  ))}
                </Stack>
              )}
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            <RecordActivity entityType="employee" entityId={e.id} />
            <HistoryTimeline entityType="employee" entityId={e.id} />
          </Stack>
        </Grid.Col>
      </Grid>

      {can('people.manage') && (
        <EmployeeFormDrawer opened={editOpened} onClose={edit.close} employee={e} />
      )}
    </>
  );
}
