import { org } from '@keel/contracts';
import { SimpleGrid, Textarea, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconBuildingCommunity } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ReferenceListPage } from '../../components/ReferenceListPage';

type Department = org.Department;

interface DepartmentFormValues {
  name: string;
  code: string;
  description: string;
}

function toValues(department: Department | null): DepartmentFormValues {
  return {
    name: department?.name ?? '',
    code: department?.code ?? '',
    description: department?.description ?? '',
  };
}

function DepartmentFields({ form }: { form: UseFormReturnType<DepartmentFormValues> }) {
  const { t } = useTranslation();
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <TextInput label={t('departments.name')} required {...form.getInputProps('name')} />
        <TextInput
          label={t('departments.code')}
          description={t('sites.codeHint')}
          required
          maxLength={16}
          {...form.getInputProps('code')}
        />
      </SimpleGrid>
      <Textarea
        label={t('departments.descriptionField')}
        autosize
        minRows={3}
        {...form.getInputProps('description')}
      />
    </>
  );
}

export function DepartmentsPage() {
  const { t } = useTranslation();
  return (
    <ReferenceListPage
      endpoints={{
        list: org.listDepartments,
        create: org.createDepartment,
        update: org.updateDepartment,
        archive: org.archiveDepartment,
        restore: org.restoreDepartment,
      }}
      managePermission="departments.manage"
      entityType="department"
      employeesFilter="departmentId"
      name={(d) => d.name}
      text={{
        title: t('nav.departments'),
        description: t('departments.description'),
        new: t('departments.new'),
        newTitle: t('departments.newTitle'),
        editTitle: (d) => t('departments.editTitle', { name: d.name }),
        searchPlaceholder: t('departments.searchPlaceholder'),
        emptyTitle: t('departments.emptyTitle'),
        empty: t('departments.empty'),
        name: t('departments.name'),
      }}
      newTestId="new-department"
      emptyIcon={IconBuildingCommunity}
      columns={[
        { key: 'code', header: t('departments.code'), render: (d) => d.code, width: 110 },
        {
          key: 'description',
          header: t('departments.descriptionField'),
          render: (d) => d.description ?? '—',
          hideOnMobile: true,
        },
      ]}
      details={(d, status) => [
        { label: t('departments.code'), value: d.code },
        status,
        { label: t('departments.descriptionField'), value: d.description, wide: true },
      ]}
      toValues={toValues}
      Fields={DepartmentFields}
    />
  );
}
