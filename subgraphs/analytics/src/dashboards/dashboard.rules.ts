import type { Violations } from '../../../../kit/errors';
import { isCurrencyCode } from '../../../../kit/money';
import { metricNamed } from '../metrics/metric.definitions';
import { MAX_RANGE_DAYS } from '../metrics/metric.rules';

/** Columns of the dashboard grid. */
export const GRID_COLUMNS = 12;
export const MAX_WIDGET_HEIGHT = 24;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WidgetSpec extends Box {
  title: string;
  metric: string;
  currency?: string | null;
  lastDays: number;
}

/** Whether two boxes of the grid share a cell. */
export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The rules of a widget: a title, a known metric, a sane span, and a place inside the grid that no other widget takes. */
export function checkWidget(violations: Violations, widget: WidgetSpec, others: readonly (Box & { id?: string })[]): void {
  if (!widget.title.trim()) violations.add('title', 'required', 'give the widget a title');
  if (widget.title.length > 120) violations.add('title', 'maxLength', 'at most 120 characters');
  if (!metricNamed(widget.metric)) violations.add('metric', 'known', `"${widget.metric}" is not a metric; see metricDefinitions`);
  if (widget.currency && !isCurrencyCode(widget.currency)) violations.add('currency', 'iso4217', 'must be a three-letter currency code');
  if (!Number.isInteger(widget.lastDays) || widget.lastDays < 1 || widget.lastDays > MAX_RANGE_DAYS) violations.add('lastDays', 'range', `must be from 1 to ${MAX_RANGE_DAYS}`);
  if (widget.x < 0 || widget.x >= GRID_COLUMNS) violations.add('position.x', 'range', `must be from 0 to ${GRID_COLUMNS - 1}`);
  if (widget.y < 0) violations.add('position.y', 'range', 'must not be negative');
  if (widget.width < 1 || widget.x + widget.width > GRID_COLUMNS) violations.add('position.width', 'withinGrid', `the widget must fit the ${GRID_COLUMNS}-column grid`);
  if (widget.height < 1 || widget.height > MAX_WIDGET_HEIGHT) violations.add('position.height', 'range', `must be from 1 to ${MAX_WIDGET_HEIGHT}`);
  if (others.some((o) => overlaps(widget, o))) violations.add('position', 'noOverlap', 'another widget already takes part of this place');
}
