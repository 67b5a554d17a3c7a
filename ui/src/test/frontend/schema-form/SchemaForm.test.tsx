import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useMemo, useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { SchemaForm } from 'Frontend/components/schema-form/SchemaForm';
import { type FormValue, compileForm, initialValue } from 'Frontend/components/schema-form/model';
import { type FieldErrors, toResponse, validate } from 'Frontend/components/schema-form/validate';
import { HOSTILE, reviewSchema } from './fixtures';

interface HarnessProps {
  schema?: unknown;
  start?: FormValue;
  errors?: FieldErrors;
  disabled?: boolean;
  onActivate?: (pointer: string) => void;
}

/** A page in miniature: owns the value, shows it as JSON so tests can read what the form produced. */
function Harness({ schema = reviewSchema(), start, errors, disabled, onActivate }: HarnessProps) {
  const model = useMemo(() => compileForm(schema), [schema]);
  const [value, setValue] = useState<FormValue>(() => start ?? initialValue(model));
  return (
    <>
      <SchemaForm
        model={model}
        value={value}
        onChange={setValue}
        errors={errors}
        disabled={disabled}
        idPrefix="t"
        onActivate={onActivate}
      />
      <output data-testid="value">{JSON.stringify(toResponse(model, value))}</output>
      <output data-testid="errors">{JSON.stringify(validate(model, value))}</output>
    </>
  );
}

const current = () => JSON.parse(screen.getByTestId('value').textContent ?? 'null') as Record<string, unknown>;

function describedBy(element: HTMLElement): string {
  return (element.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' | ');
}

describe('SchemaForm', () => {
  it('gives every control an accessible name and groups options under their legend', () => {
    render(<Harness />);
    expect(screen.getByRole('radiogroup', { name: 'Sentiment' })).toBeTruthy();
    expect(screen.getByRole('radiogroup', { name: 'Confidence' })).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Notes' }).tagName).toBe('TEXTAREA');
    expect(screen.getByRole('group', { name: 'Flags' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Is sarcastic' })).toBeTruthy();
    expect(screen.getByRole('spinbutton', { name: 'Score' })).toBeTruthy();
    const details = screen.getByRole('group', { name: 'Details' });
    expect(within(details).getByRole('radiogroup', { name: 'Quality' })).toBeTruthy();
    expect(within(details).getByRole('textbox', { name: 'Language' })).toBeTruthy();
    expect(screen.getByLabelText(/Spans/)).toBeTruthy();
  });

  it('marks required fields with a visible star and aria-required, and links descriptions as help', () => {
    render(<Harness />);
    const sentiment = screen.getByRole('radiogroup', { name: 'Sentiment' });
    expect(sentiment.getAttribute('aria-required')).toBe('true');
    expect(within(sentiment).getByText('*', { exact: false })).toBeTruthy();
    expect(describedBy(sentiment)).toContain('Overall tone of the text');
    const notes = screen.getByRole('textbox', { name: 'Notes' });
    expect(notes.getAttribute('aria-required')).toBeNull();
    expect(describedBy(notes)).toContain('Anything the reviewer should know');
  });

  it('shows each option with its number key and changes the value on click', async () => {
    const user = userEvent.setup();
    const onActivate = vi.fn();
    render(<Harness onActivate={onActivate} />);
    const sentiment = screen.getByRole('radiogroup', { name: 'Sentiment' });
    const options = within(sentiment).getAllByRole('radio');
    expect(options.map((o) => o.getAttribute('aria-keyshortcuts'))).toEqual(['1', '2', '3']);
    expect(within(sentiment).getByText('3').tagName).toBe('KBD');
    await user.click(within(sentiment).getByRole('radio', { name: 'negative' }));
    expect(current().sentiment).toBe('negative');
    expect((within(sentiment).getByRole('radio', { name: 'negative' }) as HTMLInputElement).checked).toBe(true);
    expect(onActivate).toHaveBeenCalledWith('/sentiment');
    await user.click(screen.getByRole('radio', { name: 'Politics' }));
    expect(current().topic).toBe('politics');
  });

  it('toggles multi-select options', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const flags = screen.getByRole('group', { name: 'Flags' });
    await user.click(within(flags).getByRole('checkbox', { name: 'off_topic' }));
    await user.click(within(flags).getByRole('checkbox', { name: 'spam' }));
    expect(current().flags).toEqual(['spam', 'off_topic']);
    await user.click(within(flags).getByRole('checkbox', { name: 'off_topic' }));
    expect(current().flags).toEqual(['spam']);
  });

  it('picks options with number keys: first in the first unanswered field, then in the focused one', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    expect(document.activeElement).toBe(document.body);
    await user.keyboard('2');
    expect(current().sentiment).toBe('neutral');
    await user.keyboard('4');
    expect(current().confidence).toBe(4);
    await user.click(screen.getByRole('checkbox', { name: 'spam' }));
    await user.keyboard('2');
    expect(current().flags).toEqual(['spam', 'offensive']);
    await user.click(screen.getByRole('radio', { name: 'Sport' }));
    await user.keyboard('2');
    expect(current().topic).toBe('politics');
    expect(current().sentiment).toBe('neutral');
  });

  it('ignores number keys while typing, in the form or elsewhere on the page, and with modifier keys held', async () => {
    const user = userEvent.setup();
    render(
      <>
        <Harness />
        <input type="text" aria-label="Skip reason" />
        <input type="checkbox" aria-label="Remember the reason" />
        <button type="button">Submit</button>
      </>,
    );
    const notes = screen.getByRole('textbox', { name: 'Notes' });
    await user.type(notes, 'Rated 3 of 5');
    expect(current()).toEqual({ notes: 'Rated 3 of 5', details: { quality: 'good' } });
    await user.type(screen.getByRole('spinbutton', { name: 'Score' }), '42');
    expect(current().score).toBe(42);
    expect(current().sentiment).toBeUndefined();
    await user.type(screen.getByRole('textbox', { name: 'Skip reason' }), 'step 2');
    await user.click(screen.getByRole('checkbox', { name: 'Remember the reason' }));
    await user.keyboard('2');
    expect(current().sentiment).toBeUndefined();
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    await user.keyboard('{Control>}1{/Control}');
    await user.keyboard('{Alt>}1{/Alt}');
    expect(current().sentiment).toBeUndefined();
    await user.keyboard('1');
    expect(current().sentiment).toBe('positive');
  });

  it('does not react to keys or clicks when disabled', async () => {
    const user = userEvent.setup();
    render(<Harness disabled />);
    await user.keyboard('1');
    await user.click(screen.getByRole('radio', { name: 'neutral' }));
    expect(current().sentiment).toBeUndefined();
    expect((screen.getByRole('textbox', { name: 'Notes' }) as HTMLTextAreaElement).disabled).toBe(true);
  });

  it('shows a server error next to the field its pointer names, and unknown pointers in a summary', () => {
    render(
      <Harness
        errors={{
          '/details/quality': 'Quality must be rated by a second reviewer',
          '/notes': 'Too rude',
          '': 'The response is too large',
          '/bogus': 'Unexpected property',
        }}
      />,
    );
    const quality = screen.getByRole('radiogroup', { name: 'Quality' });
    expect(quality.getAttribute('aria-invalid')).toBe('true');
    expect(within(quality).getByRole('alert').textContent).toBe('Quality must be rated by a second reviewer');
    expect(describedBy(quality)).toContain('Quality must be rated by a second reviewer');
    const notes = screen.getByRole('textbox', { name: 'Notes' });
    expect(notes.getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(notes)).toContain('Too rude');
    expect(screen.getByRole('radiogroup', { name: 'Sentiment' }).getAttribute('aria-invalid')).toBeNull();
    const summary = screen.getByText('Please check the response:').parentElement!;
    expect(summary.getAttribute('role')).toBe('alert');
    expect(summary.textContent).toContain('The response is too large');
    expect(summary.textContent).toContain('/bogus');
    expect(summary.textContent).toContain('Unexpected property');
    expect(summary.textContent).not.toContain('Too rude');
  });

  it('renders hostile titles, descriptions and option labels as text, never as HTML', () => {
    const schema = {
      type: 'object',
      title: HOSTILE,
      properties: {
        evil: { title: HOSTILE, description: HOSTILE, enum: [HOSTILE, 'fine'] },
        pick: { oneOf: [{ const: 1, title: HOSTILE }] },
      },
    };
    const { container } = render(<Harness schema={schema} errors={{ '/zzz': HOSTILE }} />);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getAllByText(HOSTILE).length).toBeGreaterThanOrEqual(4);
    expect(screen.getByRole('radiogroup', { name: HOSTILE })).toBeTruthy();
    expect(screen.getAllByRole('radio', { name: HOSTILE })).toHaveLength(2);
  });

  it('edits a JSON fallback field and keeps unfinished JSON as typed', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const spans = screen.getByRole('textbox', { name: /Spans/ }) as HTMLTextAreaElement;
    await user.click(spans);
    await user.paste('[{"start": 0, "end": 4}');
    expect(spans.value).toBe('[{"start": 0, "end": 4}');
    expect(JSON.parse(screen.getByTestId('errors').textContent!)['/spans']).toBe('Not valid JSON');
    await user.paste(']');
    expect(current().spans).toEqual([{ start: 0, end: 4 }]);
    expect(spans.value).toBe('[{"start": 0, "end": 4}]');
  });

  it('shows a character count for bounded text', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.type(screen.getByRole('textbox', { name: 'Notes' }), 'abc');
    expect(screen.getByText('3 / 500')).toBeTruthy();
  });
});
