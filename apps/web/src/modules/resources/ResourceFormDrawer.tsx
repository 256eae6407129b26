import { org, ROLE_LABELS, ROLES, resources } from '@keel/contracts';
import {
  ColorInput,
  Divider,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Switch,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { endpointQuery } from '../../api/query';
import { FormDrawer } from '../../components/FormDrawer';
import { useFormMutation } from '../../components/use-form-mutation';
import { notifySuccess } from '../../lib/notify';
import { useRefreshResources } from './BookingDrawer';

type Resource = resources.Resource;
type Kind = (typeof resources.RESOURCE_KINDS)[number];

interface Values {
  siteId: string | null;
  name: string;
  kind: Kind;
  capacity: number | string;
  location: string;
  color: string;
  description: string;
  maxDurationHours: number | string;
  minLeadHours: number | string;
  maxAdvanceDays: number | string;
  bookableRoles: string[];
  needsApproval: boolean;
  requiresCheckout: boolean;
  bufferMinutes: number | string;
}

const FIELD_MAP = {
  'rules.maxDurationMinutes': 'maxDurationHours',
  'rules.minLeadMinutes': 'minLeadHours',
  'rules.maxAdvanceDays': 'maxAdvanceDays',
  'rules.bufferMinutes': 'bufferMinutes',
  'rules.bookableRoles': 'bookableRoles',
};

const num = (v: number | string) => (typeof v === 'number' ? v : null);

function toValues(r: Resource | null): Values {
  return {
    siteId: r?.site.id ?? null,
    name: r?.name ?? '',
    kind: r?.kind ?? 'room',
    capacity: r?.capacity ?? 1,
    location: r?.location ?? '',
    color: r?.color ?? '',
    description: r?.description ?? '',
    maxDurationHours: r?.rules.maxDurationMinutes ? r.rules.maxDurationMinutes / 60 : '',
    minLeadHours: r?.rules.minLeadMinutes ? r.rules.minLeadMinutes / 60 : '',
    maxAdvanceDays: r?.rules.maxAdvanceDays ?? '',
    bookableRoles: r?.rules.bookableRoles ?? [],
    needsApproval: r?.rules.needsApproval ?? false,
    requiresCheckout: r?.rules.requiresCheckout ?? false,
    bufferMinutes: r?.rules.bufferMinutes ?? 0,
  };
}

/** Creates a resource or edits one, with its booking rules. */
export function ResourceFormDrawer({
  opened,
  onClose,
  resource,
  onSaved,
}: {
  opened: boolean;
  onClose: () => void;
  resource?: Resource | null;
  onSaved?: (resource: Resource) => void;
}) {
  const { t } = useTranslation();
  const refresh = useRefreshResources();
  const sites = useQuery({
    ...endpointQuery(org.listSites, { query: { includeArchived: 'false' } }),
    enabled: opened && !resource,
  });
  const form = useForm<Values>({
    initialValues: toValues(null),
    validate: {
      siteId: (v) => (v ? null : t('resources.required')),
      name: (v) => (v.trim() ? null : t('resources.required')),
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when (re)opened
  useEffect(() => {
    if (!opened) return;
    form.setValues(toValues(resource ?? null));
    form.resetDirty();
  }, [opened]);

  const save = useFormMutation({
    form,
    fieldMap: FIELD_MAP,
    mutationFn: (v: Values) => {
      const hours = num(v.maxDurationHours);
      const lead = num(v.minLeadHours);
      const body = {
        name: v.name,
        kind: v.kind,
        capacity: num(v.capacity) ?? 1,
        location: v.location.trim() || null,
        description: v.description.trim() || null,
        ...(v.color ? { color: v.color } : {}),
        rules: {
          maxDurationMinutes: hours === null ? null : Math.round(hours * 60),
          minLeadMinutes: lead === null ? null : Math.round(lead * 60),
          maxAdvanceDays: num(v.maxAdvanceDays),
          bookableRoles: v.bookableRoles.length
            ? (v.bookableRoles as (typeof ROLES)[number][])
            : null,
          needsApproval: v.needsApproval,
          requiresCheckout: v.requiresCheckout,
          bufferMinutes: num(v.bufferMinutes) ?? 0,
        },
      };
      return resource
        ? call(resources.updateResource, { params: { id: resource.id }, body })
        : call(resources.createResource, { body: { ...body, siteId: v.siteId ?? '' } });
    },
    onSuccess: async (saved) => {
      notifySuccess(
        resource
          ? t('resources.saved', { name: saved.name })
          : t('resources.created', { name: saved.name }),
      );
      await refresh();
      onSaved?.(saved);
      onClose();
    },
  });

  return (
    <FormDrawer
      opened={opened}
      onClose={onClose}
      title={resource ? t('resources.editResource') : t('resources.newResource')}
      submitting={save.isPending}
      onSubmit={form.onSubmit((v) => save.mutate(v))}
    >
      {!resource && (
        <Select
          label={t('resources.site')}
          required
          data={(sites.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
          data-testid="resource-site"
          {...form.getInputProps('siteId')}
        />
      )}
      <TextInput
        label={t('resources.name')}
        required
        maxLength={120}
        data-testid="resource-name"
        {...form.getInputProps('name')}
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <Select
          label={t('resources.kind')}
          allowDeselect={false}
          data={resources.RESOURCE_KINDS.map((k) => ({
            value: k,
            label: t(`resources.kinds.${k}`),
          }))}
          {...form.getInputProps('kind')}
        />
        <NumberInput
          label={t('resources.capacity')}
          description={t('resources.capacityHint')}
          min={1}
          max={10000}
          {...form.getInputProps('capacity')}
        />
        <TextInput
          label={t('resources.location')}
          maxLength={200}
          {...form.getInputProps('location')}
        />
        <ColorInput
          label={t('resources.color')}
          format="hex"
          swatches={['#228be6', '#f08c00', '#7048e8', '#0ca678', '#e03131', '#495057']}
          {...form.getInputProps('color')}
        />
      </SimpleGrid>
      <Textarea
        label={t('resources.descriptionLabel')}
        autosize
        minRows={2}
        maxLength={2000}
        {...form.getInputProps('description')}
      />
      <Divider label={t('resources.rules')} labelPosition="left" />
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <NumberInput
          label={t('resources.maxDuration')}
          placeholder={t('resources.noLimit')}
          min={0.5}
          step={0.5}
          decimalScale={2}
          {...form.getInputProps('maxDurationHours')}
        />
        <NumberInput
          label={t('resources.minLead')}
          placeholder={t('resources.none')}
          min={0}
          step={1}
          decimalScale={2}
          {...form.getInputProps('minLeadHours')}
        />
        <NumberInput
          label={t('resources.maxAdvance')}
          placeholder={t('resources.noLimit')}
          min={1}
          max={730}
          {...form.getInputProps('maxAdvanceDays')}
        />
        <NumberInput
          label={t('resources.buffer')}
          min={0}
          max={1440}
          step={5}
          {...form.getInputProps('bufferMinutes')}
        />
      </SimpleGrid>
      <MultiSelect
        label={t('resources.bookableRoles')}
        description={t('resources.bookableRolesHint')}
        placeholder={t('resources.everyone')}
        data={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
        {...form.getInputProps('bookableRoles')}
      />
      <Switch
        label={t('resources.needsApproval')}
        {...form.getInputProps('needsApproval', { type: 'checkbox' })}
      />
      <Switch
        label={t('resources.requiresCheckout')}
        {...form.getInputProps('requiresCheckout', { type: 'checkbox' })}
      />
    </FormDrawer>
  );
}
