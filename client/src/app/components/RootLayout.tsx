import { useEffect, useRef } from 'react';
import { Outlet } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { applyLocale, rememberLocale } from '../../i18n';
import { connectSocket, disconnectSocket } from '../../lib/socket';
import { authStore, useAuth } from '../auth';

/** Keeps the things that follow the session in step with it: socket, cache, language. */
function useSessionLifecycle(): void {
  const { status, session } = useAuth();
  const queryClient = useQueryClient();
  const userId = session?.user.id ?? null;
  const locale = session?.user.locale ?? null;
  const previousUser = useRef<string | null>(userId);

  // One Socket.IO connection per signed-in tab, opened after sign-in and closed at sign-out.
  useEffect(() => {
    if (status !== 'authenticated') return;
    connectSocket({
      onSessionEnded: (reason) => authStore.dispatch({ type: 'signed_out', reason }),
      onAccountUpdated: (user) => authStore.dispatch({ type: 'user_updated', user }),
    });
    return () => disconnectSocket();
  }, [status]);

  // Nothing one account loaded may remain visible to the next person at this screen.
  useEffect(() => {
    if (previousUser.current !== null && previousUser.current !== userId) queryClient.clear();
    previousUser.current = userId;
  }, [userId, queryClient]);

  // After sign-in the profile's language wins over the one picked on the login page.
  useEffect(() => {
    if (!locale) return;
    rememberLocale(locale);
    void applyLocale(locale);
  }, [locale]);
}

export function RootLayout() {
  useSessionLifecycle();
  return <Outlet />;
}
