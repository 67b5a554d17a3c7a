import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LineChart, niceMax } from 'Frontend/components/charts/LineChart';
import { StackedBars } from 'Frontend/components/charts/StackedBars';

describe('StackedBars', () => {
  const segments = [
    { key: 'accepted', label: 'Accepted', color: 'green' },
    { key: 'rejected', label: 'Rejected', color: 'red' },
  ];

  it('draws one bar per row on a shared scale and gives the numbers as a table', () => {
    const { container } = render(
      <StackedBars
        title="Per annotator"
        segments={segments}
        rows={[
          { label: 'Ann', values: { accepted: 3, rejected: 1 } },
          { label: 'Bob', values: { accepted: 2, rejected: 0 } },
        ]}
      />,
    );

    const widths = (row: string) =>
      [...container.querySelectorAll(`[data-row="${row}"] rect`)].map((r) => Number(r.getAttribute('width')));
    const [annAccepted, annRejected] = widths('Ann');
    const [bobAccepted] = widths('Bob');
    expect(annAccepted).toBeCloseTo(3 * annRejected);
    expect(bobAccepted).toBeCloseTo((2 / 3) * annAccepted);
    expect(widths('Bob')).toHaveLength(1); // a zero segment draws nothing

    const table = screen.getByRole('table', { name: 'Per annotator' });
    expect(within(table).getByRole('rowheader', { name: 'Ann' })).toBeTruthy();
    expect(within(table).getAllByRole('cell').map((c) => c.textContent)).toEqual(['3', '1', '2', '0']);
    expect(screen.getByRole('img', { name: 'Per annotator' })).toBeTruthy();
  });

  it('says so when there is nothing to draw', () => {
    render(<StackedBars title="Empty" segments={segments} rows={[]} />);
    expect(screen.getByText('No data yet.')).toBeTruthy();
  });
});

describe('LineChart', () => {
  it('plots each series and totals it in the legend', () => {
    const points = ['2026-11-25T10:00:00Z', '2026-11-25T11:00:00Z', '2026-11-25T12:00:00Z'].map((at, i) => ({
      at,
      values: { submitted: [1, 0, 4][i], reviewed: [0, 0, 2][i] },
    }));
    const { container } = render(
      <LineChart
        title="Throughput"
        series={[
          { key: 'submitted', label: 'Submitted', color: 'blue' },
          { key: 'reviewed', label: 'Reviewed', color: 'purple' },
        ]}
        points={points}
        formatTick={(iso) => iso.slice(11, 16)}
      />,
    );

    expect(screen.getByText('Submitted: 5')).toBeTruthy();
    expect(screen.getByText('Reviewed: 2')).toBeTruthy();
    expect(container.querySelectorAll('[data-series="submitted"] circle')).toHaveLength(2);
    const table = screen.getByRole('table', { name: 'Throughput' });
    // Only the hours with activity are listed.
    expect(within(table).getAllByRole('rowheader').map((h) => h.textContent)).toEqual(['10:00', '12:00']);
  });

  it('rounds the axis up to 1, 2 or 5 times a power of ten', () => {
    expect([1, 3, 7, 10, 11, 38, 120].map(niceMax)).toEqual([1, 5, 10, 10, 20, 50, 200]);
  });
});
