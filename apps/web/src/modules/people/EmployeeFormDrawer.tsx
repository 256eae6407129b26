import { people } from '@keel/contracts';
import {
  Alert,
  Divider,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { IconLock } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import { type FieldMap, zodFormErrors } from '../../api/form-errors';
import { EmployeePicker } from '../../components/EmployeePicker';
import { FormDrawer } from '../../components/FormDrawer';
import { useFormMutation } from '../../components/use-form-mutation';
import { majorToMinor, minorToMajor } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { useCan, useMe } from '../../lib/session';
import { useReferenceOptions, withCurrent } from '../organization/reference-data';

type Employee = people.Employee;
type EmploymentType = (typeof people.EMPLOYMENT_TYPES)[number];
type PayType = (typeof people.PAY_TYPES)[number];

export interface EmployeeFormValues {
  employeeNumber: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  siteId: string | null;
  departmentId: string | null;
  positionId: string | null;
  managerId: string | null;
  employmentType: EmploymentType;
  startDate: string | null;
  contractHoursPerWeek: number | string;
  skills: string[];
  payEnabled: boolean;
  payType: PayType;
  payAmount: number | string;
  payCurrency: string;
}

const FIELD_MAP: FieldMap = {
  'pay.amountMinor': 'payAmount',
  'pay.type': 'payType',
  'pay.currency': 'payCurrency',
  pay: 'payAmount',
};

export function employeeToValues(employee: Employee | null, currency: string): EmployeeFormValues {
  const pay = employee?.pay ?? null;
  return {
    employeeNumber: employee?.employeeNumber ?? '',
    firstName: employee?.firstName ?? '',
    lastName: employee?.lastName ?? '',
    email: employee?.email ?? '',
    phone: employee?.phone ?? '',
    siteId: employee?.site?.id ?? null,
    departmentId: employee?.department?.id ?? null,
    positionId: employee?.position?.id ?? null,
    managerId: employee?.manager?.id ?? null,
    employmentType: employee?.employmentType ?? 'full_time',
    startDate: employee?.startDate ?? null,
    contractHoursPerWeek: employee?.contractHoursPerWeek ?? '',
    skills: employee?.skills ?? [],
    payEnabled: Boolean(pay),
    payType: pay?.type ?? 'hourly',
    payAmount: pay ? minorToMajor(pay.amountMinor, pay.currency) : '',
    payCurrency: pay?.currency ?? currency,
  };
}

/** The request body for create/update; pay is included only when the caller may manage it. */
export function valuesToBody(
  values: EmployeeFormValues,
  includePay: boolean,
): people.CreateEmployeeBody {
  const blank = (value: string) => (value.trim() === '' ? null : value.trim());
  const currency = values.payCurrency.trim().toUpperCase();
  return {
    employeeNumber: blank(values.employeeNumber),
    firstName: values.firstName,
    lastName: values.lastName,
    email: blank(values.email),
    phone: blank(values.phone),
    siteId: values.siteId,
    departmentId: values.departmentId,
    positionId: values.positionId,
    managerId: values.managerId,
    employmentType: values.employmentType,
    startDate: values.startDate || null,
    contractHoursPerWeek:
      typeof values.contractHoursPerWeek === 'number' ? values.contractHoursPerWeek : null,
    skills: values.skills,
    ...(includePay
      ? {
          pay: values.payEnabled
            ? {
                type: values.payType,
                amountMinor:
                  typeof values.payAmount === 'number'
                    ? majorToMinor(values.payAmount, currency || 'USD')
                    : Number.NaN,
                currency: currency || undefined,
              }
            : null,
        }
      : {}),
  };
}

interface EmployeeFormDrawerProps {
  opened: boolean;
  onClose: () => void;
  /** The employee to edit; null creates a new one. */
  employee: Employee | null;
  onSaved?: (employee: Employee) => void;
}

/** Create or edit an employee with inline validation from the contract schema. */
export function EmployeeFormDrawer({
  opened,
  onClose,
  employee,
  onSaved,
}: EmployeeFormDrawerProps) {
  const { t } = useTranslation();
  const me = useMe();
  const can = useCan();
  const queryClient = useQueryClient();
  const canPay = can('people.pay.manage');
  const refs = useReferenceOptions();

  const form = useForm<EmployeeFormValues>({
    mode: 'controlled',
    initialValues: employeeToValues(employee, me.organization.currency),
    validate: (values) => {
      const errors = zodFormErrors(
        people.createEmployeeBody,
        valuesToBody(values, canPay),
        FIELD_MAP,
      );
      if (canPay && values.payEnabled && values.payAmount === '')
        errors.payAmount = t('people.payRequired');
      return errors;
    },
    validateInputOnBlur: true,
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the drawer opens
  useEffect(() => {
    if (opened) {
      form.setValues(employeeToValues(employee, me.organization.currency));
      form.resetDirty();
      form.clearErrors();
    }
  }, [opened, employee?.id]);

  const save = useFormMutation({
    form,
    fieldMap: FIELD_MAP,
    mutationFn: (values: EmployeeFormValues) => {
      const body = valuesToBody(values, canPay);
      return employee
        ? call(people.updateEmployee, { params: { id: employee.id }, body })
        : call(people.createEmployee, { body });
    },
    onSuccess: async (saved) => {
      notifySuccess(
        employee
          ? t('people.saved', { name: saved.name })
          : t('people.created', { name: saved.name }),
      );
      await queryClient.invalidateQueries({ queryKey: ['listEmployees'] });
      await queryClient.invalidateQueries({ queryKey: ['getOrgChart'] });
      queryClient.setQueryData(['getEmployee', { params: { id: saved.id } }], saved);
      await queryClient.invalidateQueries({ queryKey: ['getRecordHistory'] });
      onClose();
      onSaved?.(saved);
    },
  });

  const employmentTypes = people.EMPLOYMENT_TYPES.map((value) => ({
    value,
    label: t(`people.employmentTypes.${value}`),
  }));

  return (
    <FormDrawer
      opened={opened}
      onClose={onClose}
      title={employee ? t('people.editTitle', { name: employee.name }) : t('people.newTitle')}
      onSubmit={form.onSubmit((values) => save.mutate(values))}
      submitting={save.isPending}
      submitLabel={employee ? t('common.save') : t('people.create')}
      footer={
        save.error instanceof ApiError && save.error.errors.length === 0 ? (
          <Alert color="red" role="alert">
            {save.error.detail}
          </Alert>
        ) : null
      }
    >
      <Stack gap="md" data-testid="employee-form">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            label={t('people.firstName')}
            required
            autoComplete="off"
            {...form.getInputProps('firstName')}
          />
          <TextInput
            label={t('people.lastName')}
            required
            autoComplete="off"
            {...form.getInputProps('lastName')}
          />
          <TextInput
            label={t('people.email')}
            type="email"
            autoComplete="off"
            {...form.getInputProps('email')}
          />
          <TextInput
            label={t('people.phone')}
            type="tel"
            autoComplete="off"
            {...form.getInputProps('phone')}
          />
          <TextInput label={t('people.employeeNumber')} {...form.getInputProps('employeeNumber')} />
          <Select
            label={t('people.employmentType')}
            data={employmentTypes}
            allowDeselect={false}
            {...form.getInputProps('employmentType')}
          />
        </SimpleGrid>

        <Divider label={t('people.sectionWork')} labelPosition="left" />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label={t('people.site')}
            data={withCurrent(refs.sites, employee?.site)}
            searchable
            clearable
            placeholder={t('common.none')}
            {...form.getInputProps('siteId')}
          />
          <Select
            label={t('people.department')}
            data={withCurrent(refs.departments, employee?.department)}
            searchable
            clearable
            placeholder={t('common.none')}
            {...form.getInputProps('departmentId')}
          />
          <Select
            label={t('people.position')}
            data={withCurrent(refs.positions, employee?.position)}
            searchable
            clearable
            placeholder={t('common.none')}
            {...form.getInputProps('positionId')}
          />
          <EmployeePicker
            label={t('people.manager')}
            current={employee?.manager}
            excludeId={employee?.id}
            {...form.getInputProps('managerId')}
            value={form.values.managerId}
            onChange={(value) => form.setFieldValue('managerId', value)}
          />
          <DateInput
            label={t('people.startDate')}
            valueFormat="YYYY-MM-DD"
            clearable
            placeholder="YYYY-MM-DD"
            {...form.getInputProps('startDate')}
          />
          <NumberInput
            label={t('people.contractHours')}
            min={0}
            max={168}
            step={0.5}
            decimalScale={2}
            suffix={` ${t('people.hoursPerWeekSuffix')}`}
            {...form.getInputProps('contractHoursPerWeek')}
          />
        </SimpleGrid>
        <TagsInput
          label={t('people.skills')}
          description={t('people.skillsHint')}
          clearable
          maxTags={50}
          data-testid="skills-input"
          {...form.getInputProps('skills')}
        />

        {canPay ? (
          <>
            <Divider label={t('people.sectionPay')} labelPosition="left" />
            <Switch
              label={t('people.payEnabled')}
              {...form.getInputProps('payEnabled', { type: 'checkbox' })}
              data-testid="pay-enabled"
            />
            {form.values.payEnabled && (
              <Stack gap="sm">
                <div>
                  <Text fz="sm" fw={500} mb={4} id="pay-type-label">
                    {t('people.payType')}
                  </Text>
                  <SegmentedControl
                    aria-labelledby="pay-type-label"
                    data={[
                      { value: 'hourly', label: t('people.payTypes.hourly') },
                      { value: 'salary', label: t('people.payTypes.salary') },
                    ]}
                    {...form.getInputProps('payType')}
                  />
                </div>
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                  <NumberInput
                    label={
                      form.values.payType === 'hourly'
                        ? t('people.hourlyRate')
                        : t('people.yearlySalary')
                    }
                    min={0}
                    decimalScale={2}
                    thousandSeparator
                    required
                    {...form.getInputProps('payAmount')}
                  />
                  <TextInput
                    label={t('people.currency')}
                    maxLength={3}
                    {...form.getInputProps('payCurrency')}
                    onChange={(event) =>
                      form.setFieldValue('payCurrency', event.currentTarget.value.toUpperCase())
                    }
                  />
                </SimpleGrid>
              </Stack>
            )}
          </>
        ) : (
          employee?.pay !== undefined && (
            <Group gap="xs" c="dimmed">
              <IconLock size={14} aria-hidden />
              <Text fz="sm">{t('people.payLocked')}</Text>
            </Group>
          )
        )}
      </Stack>
    </FormDrawer>
  );
}
