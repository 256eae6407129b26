import { scheduling } from '@keel/contracts';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import { endpointQuery } from '../../../api/query';
import { notifyError } from '../../../lib/notify';
import {
  type Derived,
  derive,
  type Edit,
  fieldsOf,
  localShift,
  type Roster,
  type Shift,
  type ShiftFields,
} from './roster-model';

export interface RosterArgs {
  siteId: string;
  from: string;
  to: string;
  departmentId?: string | undefined;
  positionId?: string | undefined;
}

export interface RosterActions {
  create: (fields: ShiftFields) => void;
  update: (shift: Shift, fields: Partial<ShiftFields>) => void;
  copy: (shift: Shift, fields: Partial<ShiftFields>) => void;
  remove: (shift: Shift) => void;
  /** whether the caller may change this shift (drafts with manage, published with publish) */
  canEdit: (shift: Shift) => boolean;
}

let tempSeq = 0;

/**
 * The roster of a site and period, with local edits applied optimistically: each edit is checked
 * by the rule engine in the browser at once, then sent; the server's shift replaces the local one,
 * and a failed request rolls the edit back with the server's reason.
 */
export function useRoster(args: RosterArgs | null) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const query = useQuery({
    ...endpointQuery(scheduling.getRoster, {
      query: args ?? { siteId: '', from: '', to: '' },
    }),
    enabled: args !== null,
    placeholderData: keepPreviousData,
  });
  const roster = query.data;
  const [edits, setEdits] = useState<Edit[]>([]);
  const seq = useRef(0);

  // Edits confirmed by the server leave once a roster fetched after the confirmation arrived.
  const updatedAt = query.dataUpdatedAt;
  useEffect(() => {
    setEdits((list) => {
      const next = list.filter((e) => e.doneAt === null || e.doneAt >= updatedAt);
      return next.length === list.length ? list : next;
    });
  }, [updatedAt]);

  // A different site or period starts clean.
  const key = args ? `${args.siteId}|${args.from}|${args.to}` : '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the period changes
  useEffect(() => setEdits([]), [key]);

  const derived: Derived | null = useMemo(
    () => (roster ? derive(roster, edits) : null),
    [roster, edits],
  );

  // Marks for the benchmark: data arrived; an edit was applied on screen.
  // (marked while rendering: the grid's own effects run before this hook's would)
  const marked = useRef(false);
  if (roster && !marked.current) {
    marked.current = true;
    performance.mark('roster:data');
  }
  const lastSeq = edits.length ? (edits[edits.length - 1]?.seq ?? 0) : 0;
  useLayoutEffect(() => {
    if (lastSeq > 0) performance.mark('roster:applied');
  }, [lastSeq]);

  const rosterRef = useRef<Roster | undefined>(roster);
  rosterRef.current = roster;

  const settle = useCallback(
    (s: number, patch?: (e: Edit) => Edit) => {
      const now = Date.now();
      setEdits((list) =>
        list.map((e) => (e.seq === s ? { ...(patch ? patch(e) : e), doneAt: now } : e)),
      );
      void queryClient.invalidateQueries({ queryKey: [scheduling.getRoster.operationId] });
    },
    [queryClient],
  );
  const rollback = useCallback(
    (s: number, error: unknown) => {
      setEdits((list) => list.filter((e) => e.seq !== s));
      notifyError(error, t);
      void queryClient.invalidateQueries({ queryKey: [scheduling.getRoster.operationId] });
    },
    [queryClient, t],
  );

  const create = useCallback(
    (fields: ShiftFields) => {
      const r = rosterRef.current;
      if (!r) return;
      const s = ++seq.current;
      const tempId = `local-${++tempSeq}`;
      const shift = localShift(r, null, fields, tempId);
      setEdits((list) => [...list, { seq: s, kind: 'put', shift, replaces: null, doneAt: null }]);
      call(scheduling.createShift, {
        body: {
          siteId: r.site.id,
          date: fields.date,
          shiftTypeId: fields.shiftTypeId,
          startTime: fields.startTime,
          endTime: fields.endTime,
          breakMinutes: fields.breakMinutes,
          positionId: fields.positionId,
          employeeId: fields.employeeId,
          notes: fields.notes ?? undefined,
        },
      }).then(
        (res) =>
          settle(s, (e) => (e.kind === 'put' ? { ...e, shift: res.shift, replaces: tempId } : e)),
        (error) => rollback(s, error),
      );
    },
    [settle, rollback],
  );

  const update = useCallback(
    (shift: Shift, patch: Partial<ShiftFields>) => {
      const r = rosterRef.current;
      if (!r) return;
      const s = ++seq.current;
      const next = localShift(r, shift, { ...fieldsOf(shift), ...patch }, shift.id);
      setEdits((list) => [
        ...list,
        { seq: s, kind: 'put', shift: next, replaces: null, doneAt: null },
      ]);
      const body: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(patch)) {
        if (v !== undefined) body[k] = k === 'notes' && v === null ? '' : v;
      }
      call(scheduling.updateShift, { params: { id: shift.id }, body }).then(
        (res) => settle(s, (e) => (e.kind === 'put' ? { ...e, shift: res.shift } : e)),
        (error) => rollback(s, error),
      );
    },
    [settle, rollback],
  );

  const copy = useCallback(
    (shift: Shift, patch: Partial<ShiftFields>) => create({ ...fieldsOf(shift), ...patch }),
    [create],
  );

  const remove = useCallback(
    (shift: Shift) => {
      const s = ++seq.current;
      setEdits((list) => [...list, { seq: s, kind: 'delete', shiftId: shift.id, doneAt: null }]);
      call(scheduling.deleteShift, { params: { id: shift.id } }).then(
        () => settle(s),
        (error) => rollback(s, error),
      );
    },
    [settle, rollback],
  );

  const canEditDrafts = roster?.canEditDrafts ?? false;
  const canPublish = roster?.canPublish ?? false;
  const canEdit = useCallback(
    (shift: Shift) =>
      canEditDrafts && (shift.status === 'draft' || canPublish) && !shift.id.startsWith('local-'),
    [canEditDrafts, canPublish],
  );

  const actions: RosterActions = useMemo(
    () => ({ create, update, copy, remove, canEdit }),
    [create, update, copy, remove, canEdit],
  );
  const pending = edits.some((e) => e.doneAt === null);
  return { query, roster, derived, actions, pending };
}
