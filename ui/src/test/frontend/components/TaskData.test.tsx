import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TaskData } from 'Frontend/components/TaskData';

const HOSTILE = '<img src=x onerror="window.__pwned = true"><script>window.__pwned = true</script><b>bold</b>';

describe('TaskData', () => {
  it('shows imported strings as text, never as markup', () => {
    const { container } = render(<TaskData dataJson={JSON.stringify({ text: HOSTILE, note: 'second' })} />);

    expect(screen.getByText(HOSTILE)).toBeTruthy();
    expect(container.querySelector('img, script, b')).toBeNull();
    expect((window as unknown as { __pwned?: boolean }).__pwned).toBeUndefined();
    expect(screen.getByText('text')).toBeTruthy();
    expect(screen.getByText('second')).toBeTruthy();
  });

  it('shows nested values as JSON text and keeps the field order of the data', () => {
    const { container } = render(<TaskData dataJson={'{"z": {"a": 1}, "a": [1, 2]}'} />);

    const keys = [...container.querySelectorAll('dt')].map((dt) => dt.textContent);
    expect(keys).toEqual(['z', 'a']);
    expect(container.querySelector('pre')?.textContent).toContain('"a": 1');
  });

  it('shows data that is not JSON as it came', () => {
    render(<TaskData dataJson="not { json" />);
    expect(screen.getByText('not { json')).toBeTruthy();
  });

  it('links only http(s) or same-site asset URLs', () => {
    render(
      <TaskData
        dataJson='{"image": "asset:1"}'
        assets={{ 'aaaaaaaa-1': '/assets/key?sig=1', 'bbbbbbbb-2': 'javascript:alert(1)', 'cccccccc-3': 'https://blob.example/x' }}
      />,
    );
    const hrefs = screen.getAllByRole('link').map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(['/assets/key?sig=1', 'https://blob.example/x']);
  });
});
