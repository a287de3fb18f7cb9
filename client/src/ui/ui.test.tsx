import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import {
  CheckboxGroup,
  ConfirmDialog,
  SensitivityBanner,
  Tabs,
  TextField,
  ToastProvider,
  safeHref,
  useToast,
} from '.';

describe('ui kit', () => {
  it('Tabs: arrow keys, Home and End move the selection and the focus; only the selected panel is mounted', () => {
    render(
      <Tabs
        label="Settings"
        items={[
          { id: 'a', label: 'Profile', panel: <p>Profile panel</p> },
          { id: 'b', label: 'Password', panel: <p>Password panel</p> },
          { id: 'c', label: 'Sessions', panel: <p>Sessions panel</p> },
        ]}
      />,
    );
    const list = screen.getByRole('tablist', { name: 'Settings' });
    const profile = screen.getByRole('tab', { name: 'Profile' });
    expect(profile.getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tabpanel', { name: 'Profile' }).textContent).toBe('Profile panel');
    expect(screen.queryByText('Password panel')).toBeNull();

    fireEvent.keyDown(list, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Password' }));
    expect(screen.getByText('Password panel')).toBeTruthy();

    fireEvent.keyDown(list, { key: 'End' });
    expect(screen.getByRole('tab', { name: 'Sessions' }).getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(list, { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'Profile' }).getAttribute('tabindex')).toBe('0');
    expect(screen.getByRole('tab', { name: 'Sessions' }).getAttribute('tabindex')).toBe('-1');
  });

  it('TextField: label, hint and error are wired for assistive technology', () => {
    render(<TextField label="Email" hint="Your work address" error="Enter a valid email address." />);
    const input = screen.getByLabelText('Email');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const described = (input.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent);
    expect(described).toEqual(['Your work address', 'Enter a valid email address.']);
  });

  it('CheckboxGroup: a labelled group whose value keeps the options order', () => {
    const onChange = vi.fn();
    render(
      <CheckboxGroup
        legend="Languages"
        options={[
          { value: 'en', label: 'English' },
          { value: 'ms', label: 'Malay' },
          { value: 'th', label: 'Thai' },
        ]}
        value={['th']}
        onChange={onChange}
      />,
    );
    expect(screen.getByRole('group', { name: 'Languages' })).toBeTruthy();
    fireEvent.click(screen.getByLabelText('English'));
    expect(onChange).toHaveBeenCalledWith(['en', 'th']);
  });

  it('ConfirmDialog: a labelled modal that confirms or cancels', () => {
    const onConfirm = vi.fn();
    const onCancel = vi.fn();
    render(
      <ConfirmDialog
        open
        title="Suspend Ko Ko Aung?"
        message="They will be signed out at once."
        confirmLabel="Suspend account"
        onConfirm={onConfirm}
        onCancel={onCancel}
      />,
    );
    const dialog = screen.getByRole('dialog', { name: 'Suspend Ko Ko Aung?' });
    expect(dialog.getAttribute('aria-describedby')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Suspend account' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('SensitivityBanner: a note that spells out the marking', () => {
    render(<SensitivityBanner level="confidential">Case MY-2025-014</SensitivityBanner>);
    const note = screen.getByRole('note', { name: 'Handling marking' });
    expect(note.textContent).toContain('Confidential');
    expect(note.textContent).toContain('Need-to-know only');
    expect(note.className).toContain('ui-sensitivity--confidential');
  });

  it('Toast: messages are announced through a polite live region that exists beforehand', () => {
    function Trigger() {
      const toast = useToast();
      const [count, setCount] = useState(0);
      return (
        <button
          type="button"
          onClick={() => {
            setCount(count + 1);
            toast.show(`Saved ${count + 1}`);
          }}
        >
          save
        </button>
      );
    }
    render(
      <ToastProvider>
        <Trigger />
      </ToastProvider>,
    );
    const region = screen.getByRole('status');
    expect(region.getAttribute('aria-live')).toBe('polite');
    fireEvent.click(screen.getByRole('button', { name: 'save' }));
    expect(region.textContent).toContain('Saved 1');
  });

  it('safeHref: only http(s), mailto and tel links', () => {
    expect(safeHref('https://example.org/a')).toBe('https://example.org/a');
    expect(safeHref('mailto:a@b.example')).toBe('mailto:a@b.example');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,<script>alert(1)</script>')).toBeNull();
    expect(safeHref('/relative')).toBeNull();
    expect(safeHref(null)).toBeNull();
  });
});
