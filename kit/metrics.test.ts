import { Metrics } from './metrics';

describe('counters', () => {
  it('keep one series per label set, in any key order, escaping what Prometheus cannot read', () => {
    const metrics = new Metrics();
    const count = metrics.counter('requests_total', 'Requests');
    count({ route: '/graphql', status: '200' });
    count({ route: '/graphql', status: '200' }, 2);
    count({ route: '/graphql', status: '500' });
    count({ route: 'a"b' });
    count();
    expect(metrics.total('requests_total', { status: '200' })).toBe(3);
    expect(metrics.total('requests_total')).toBe(6);
    expect(metrics.render()).toContain('requests_total{route="/graphql",status="200"} 3');
    expect(metrics.render()).toContain('requests_total{route="a_b"} 1');
    expect(metrics.render()).toContain('requests_total 1');
  });
});
