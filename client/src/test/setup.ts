import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { authStore } from '../app/auth';
import { setupI18n } from '../i18n';

// Every test starts in English; the catalogues are bundled, so this is synchronous.
setupI18n('en');

afterEach(async () => {
  // Vitest runs without globals, so Testing Library cannot register its own cleanup.
  cleanup();
  vi.unstubAllGlobals();
  authStore.dispatch({ type: 'signed_out', reason: null });
  const { default: i18next } = await import('i18next');
  await i18next.changeLanguage('en');
  localStorage.clear();
});
