import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { AnswerBodySchema } from '@serantau/shared';
import { ApiError } from '../../../lib/api';
import { stubApi } from '../../../test/api-stub';
import { buildId } from '../../../test/factories';
import { renderRoutes, signInAs } from '../../../test/render';
import { AnswerForm, type AnswerSubmission } from './AnswerForm';

function renderForm(onSubmit: (submission: AnswerSubmission) => Promise<unknown>) {
  signInAs();
  return renderRoutes([{ path: '/', element: <AnswerForm onSubmit={onSubmit} /> }], '/');
}

function citation(number: number) {
  return screen.getByRole('group', { name: `Citation ${number}` });
}

function fillCitation(group: HTMLElement) {
  const field = (name: RegExp) => within(group).getByLabelText(name);
  fireEvent.change(field(/^Case name/), { target: { value: 'Public Prosecutor v. Tan Ah Kow' } });
  fireEvent.change(field(/^Court/), { target: { value: 'Court of Appeal' } });
  fireEvent.change(field(/^Jurisdiction/), { target: { value: 'MY' } });
  fireEvent.change(field(/^Year/), { target: { value: '2019' } });
  fireEvent.change(field(/^Citation or reference number/), { target: { value: '[2019] 5 MLJ 123' } });
  fireEvent.change(field(/^Outcome/), { target: { value: 'convicted' } });
}

describe('the answer form', () => {
  it('requires case name, court, jurisdiction, year, reference and outcome of every citation', async () => {
    const onSubmit = vi.fn(() => Promise.resolve());
    renderForm(onSubmit);
    fireEvent.change(screen.getByLabelText(/^Your advice/), {
      target: { value: 'The Court of Appeal accepted debt bondage as the means.' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add a citation' }));
    fireEvent.click(screen.getByRole('button', { name: 'Post answer' }));

    const group = citation(1);
    for (const label of [
      /^Case name/,
      /^Court/,
      /^Jurisdiction/,
      /^Year/,
      /^Citation or reference number/,
      /^Outcome/,
    ]) {
      const input = within(group).getByLabelText(label);
      expect(input.getAttribute('aria-invalid'), String(label)).toBe('true');
    }
    expect(within(group).getAllByText('This field is required.')).toHaveLength(6);
    expect(
      within(group)
        .getByLabelText(/Legal provision/)
        .getAttribute('aria-invalid'),
    ).toBeNull();
    expect(onSubmit).not.toHaveBeenCalled();

    fireEvent.change(within(group).getByLabelText(/^Year/), { target: { value: '1850' } });
    fireEvent.change(within(group).getByLabelText(/Link to the judgment/), {
      target: { value: 'javascript:alert(1)' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Post answer' }));
    expect(within(group).getByText('The decision must be from 1900 or later.')).toBeTruthy();
    expect(within(group).getByText('Enter a full link starting with https:// or http://.')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('sends the advice with well-formed citations, uploading the excerpt as raw bytes first', async () => {
    const fileId = buildId();
    const onSubmit = vi.fn((_submission: AnswerSubmission) => Promise.resolve());
    const { requests } = stubApi({
      'POST /api/precedents/files': () => ({
        status: 201,
        body: { id: fileId, filename: 'judgment.pdf', contentType: 'application/pdf', size: 4 },
      }),
    });
    renderForm(onSubmit);
    fireEvent.change(screen.getByLabelText(/^Your advice/), {
      target: { value: 'The Court of Appeal accepted debt bondage as the means.' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add a citation' }));
    const group = citation(1);
    fillCitation(group);
    fireEvent.change(within(group).getByLabelText(/Link to the judgment/), {
      target: { value: 'https://judgments.example.my/123' },
    });
    const file = new File(['%PDF'], 'judgment.pdf', { type: 'application/pdf' });
    fireEvent.change(within(group).getByLabelText(/Judgment excerpt/), { target: { files: [file] } });
    expect(await within(group).findByText('Judgment excerpt: judgment.pdf')).toBeTruthy();
    const upload = requests.find((request) => request.url.pathname === '/api/precedents/files');
    expect(upload?.url.searchParams.get('fileName')).toBe('judgment.pdf');
    expect(upload?.headers['content-type']).toBe('application/octet-stream');
    expect(upload?.headers['x-file-type']).toBe('application/pdf');

    fireEvent.click(screen.getByRole('button', { name: 'Post answer' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    const sent = onSubmit.mock.calls[0]?.[0];
    expect(AnswerBodySchema.safeParse(sent).success).toBe(true);
    expect(sent?.citations).toEqual([
      {
        caseName: 'Public Prosecutor v. Tan Ah Kow',
        court: 'Court of Appeal',
        jurisdiction: 'MY',
        year: 2019,
        reference: '[2019] 5 MLJ 123',
        outcome: 'convicted',
        provision: '',
        url: 'https://judgments.example.my/123',
        attachmentId: fileId,
      },
    ]);
    // Posted: the form starts afresh.
    await waitFor(() => expect(screen.queryByRole('group', { name: 'Citation 1' })).toBeNull());
  });

  it('puts the server’s field errors beside the citation field they name', async () => {
    const onSubmit = vi.fn(() =>
      Promise.reject(
        new ApiError('VALIDATION_FAILED', 400, 'invalid', {
          details: [{ path: 'body.citations.0.attachmentId', message: 'upload the file first' }],
        }),
      ),
    );
    renderForm(onSubmit);
    fireEvent.change(screen.getByLabelText(/^Your advice/), {
      target: { value: 'The Court of Appeal accepted debt bondage as the means.' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Add a citation' }));
    fillCitation(citation(1));
    fireEvent.click(screen.getByRole('button', { name: 'Post answer' }));
    expect(await within(citation(1)).findByText('upload the file first')).toBeTruthy();
    expect(screen.getByText('The answer was not saved. Check the highlighted fields.')).toBeTruthy();
  });
});
