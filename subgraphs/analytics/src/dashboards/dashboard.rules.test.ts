import { Violations, ValidationError } from '../../../../kit/errors';
import { checkWidget, overlaps, type WidgetSpec } from './dashboard.rules';

const widget = (overrides: Partial<WidgetSpec> = {}): WidgetSpec => ({ title: 'Claims', metric: 'claims.decided', lastDays: 30, x: 0, y: 0, width: 6, height: 4, ...overrides });

function problems(spec: WidgetSpec, others: WidgetSpec[] = []) {
  const violations = new Violations();
  checkWidget(violations, spec, others);
  try {
    violations.throwIfAny();
    return [];
  } catch (error) {
    return (error as ValidationError).violations.map((v) => `${v.field}:${v.rule}`);
  }
}

describe('dashboard widgets', () => {
  it('overlap only when they share a cell', () => {
    expect(overlaps(widget(), widget({ x: 6 }))).toBe(false);
    expect(overlaps(widget(), widget({ y: 4 }))).toBe(false);
    expect(overlaps(widget(), widget({ x: 5, y: 3 }))).toBe(true);
  });

  it('accepts a widget that fits the grid beside the others', () => {
    expect(problems(widget({ x: 6 }), [widget()])).toEqual([]);
  });

  it('names each broken rule', () => {
    expect(problems(widget({ title: ' ', metric: 'x', lastDays: 0, currency: 'shillings' }))).toEqual(['title:required', 'metric:known', 'currency:iso4217', 'lastDays:range']);
    expect(problems(widget({ x: 12, y: -1, width: 1, height: 0 }))).toEqual(['position.x:range', 'position.y:range', 'position.width:withinGrid', 'position.height:range']);
    expect(problems(widget({ x: 7, width: 6 }))).toEqual(['position.width:withinGrid']);
    expect(problems(widget(), [widget({ x: 3 })])).toEqual(['position:noOverlap']);
  });
});
