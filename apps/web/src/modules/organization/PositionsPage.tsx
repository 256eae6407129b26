import { org } from '@keel/contracts';
import { Select, TagsInput, Textarea, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconBriefcase } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ReferenceListPage } from '../../components/ReferenceListPage';
import { useReferenceOptions, withCurrent } from './reference-data';

type Position = org.Position;

interface PositionFormValues {
  title: string;
  departmentId: string | null;
  description: string;
  requiredSkills: string[];
}

function toValues(position: Position | null): PositionFormValues {
  return {
    title: position?.title ?? '',
    departmentId: position?.departmentId ?? null,
    description: position?.description ?? '',
    requiredSkills: position?.requiredSkills ?? [],
  };
}

function PositionFields({
  form,
  record: position,
}: {
  form: UseFormReturnType<PositionFormValues>;
  record: Position | null;
}) {
  const { t } = useTranslation();
  const refs = useReferenceOptions();
  return (
    <>
      <TextInput label={t('positions.titleField')} required {...form.getInputProps('title')} />
      <Select
        label={t('positions.department')}
        data={withCurrent(
          refs.departments,
          position?.departmentId
            ? {
                id: position.departmentId,
                name: refs.departmentItems.find((d) => d.id === position.departmentId)?.name ?? '',
              }
            : null,
        )}
        clearable
        searchable
        placeholder={t('common.none')}
        {...form.getInputProps('departmentId')}
      />
      <Textarea
        label={t('positions.descriptionField')}
        autosize
        minRows={3}
        {...form.getInputProps('description')}
      />
      <TagsInput
        label={t('scheduling.people.requiredSkills')}
        description={t('scheduling.people.requiredSkillsHint')}
        clearable
        splitChars={[',']}
        data-testid="position-required-skills"
        {...form.getInputProps('requiredSkills')}
      />
    </>
  );
}

export function PositionsPage() {
  const { t } = useTranslation();
  const refs = useReferenceOptions();
  const departmentName = (id: string | null) =>
    id ? (refs.departmentItems.find((d) => d.id === id)?.name ?? null) : null;
  return (
    <ReferenceListPage
      endpoints={{
        list: org.listPositions,
        create: org.createPosition,
        update: org.updatePosition,
        archive: org.archivePosition,
        restore: org.restorePosition,
      }}
      managePermission="positions.manage"
      entityType="position"
      employeesFilter="positionId"
      name={(p) => p.title}
      text={{
        title: t('nav.positions'),
        description: t('positions.description'),
        new: t('positions.new'),
        newTitle: t('positions.newTitle'),
        editTitle: (p) => t('positions.editTitle', { name: p.title }),
        searchPlaceholder: t('positions.searchPlaceholder'),
        emptyTitle: t('positions.emptyTitle'),
        empty: t('positions.empty'),
        name: t('positions.titleField'),
      }}
      newTestId="new-position"
      emptyIcon={IconBriefcase}
      columns={[
        {
          key: 'department',
          header: t('positions.department'),
          render: (p) => departmentName(p.departmentId) ?? '—',
        },
        {
          key: 'description',
          header: t('positions.descriptionField'),
          render: (p) => p.description ?? '—',
          hideOnMobile: true,
        },
      ]}
      details={(p, status) => [
        { label: t('positions.department'), value: departmentName(p.departmentId) },
        status,
        {
          label: t('scheduling.people.requiredSkills'),
          value: p.requiredSkills.length ? p.requiredSkills.join(', ') : null,
        },
        { label: t('positions.descriptionField'), value: p.description, wide: true },
      ]}
      toValues={toValues}
      Fields={PositionFields}
    />
  );
}
