import { useCallback } from 'react';
import { authRoutes, type UiLocale } from '@serantau/shared';
import { applyLocale, rememberLocale } from '../i18n';
import { apiRequest } from '../lib/api';
import { authStore } from './auth';

/**
 * Changes the interface language. Signed out, the choice lives on this device; signed in, it is also
 * saved to the profile, which wins at the next sign-in anywhere.
 */
export function useChangeLocale(): (locale: UiLocale) => Promise<void> {
  return useCallback(async (locale: UiLocale) => {
    rememberLocale(locale);
    await applyLocale(locale);
    if (authStore.getState().status !== 'authenticated') return;
    const user = await apiRequest(authRoutes.updateProfile, { body: { locale } });
    authStore.dispatch({ type: 'user_updated', user });
  }, []);
}
