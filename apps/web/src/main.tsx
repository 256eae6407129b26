import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/spotlight/styles.css';
import './styles.css';

import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { MutationCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError, setCsrfToken, setUnauthorizedHandler } from './api/client';
import { initI18n } from './i18n';
import { useIsPhone } from './lib/use-is-phone';
import { createAppRouter } from './router';
import { colorSchemeManager, cssVariablesResolver, theme } from './theme';

initI18n();

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // Client errors (4xx) are answers, not glitches: retrying them only delays the message.
      retry: (count, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
  mutationCache: new MutationCache(),
});

const router = createAppRouter(queryClient);

const PUBLIC_PATHS = ['/login', '/forgot-password', '/reset-password/', '/invite/'];

setUnauthorizedHandler(() => {
  const { pathname, href } = router.state.location;
  if (PUBLIC_PATHS.some((path) => pathname.startsWith(path))) return;
  setCsrfToken(null);
  queryClient.clear();
  void router.navigate({ to: '/login', search: { redirect: href === '/' ? undefined : href } });
});

/** Toasts stay at the bottom, clear of the header (search, bell, avatar): bottom-center on phones. */
function Toasts() {
  const phone = useIsPhone();
  return (
    <Notifications position={phone ? 'bottom-center' : 'bottom-right'} className="keel-toasts" />
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('Missing #root element');

createRoot(root).render(
  <StrictMode>
    <MantineProvider
      theme={theme}
      colorSchemeManager={colorSchemeManager}
      defaultColorScheme="light"
      cssVariablesResolver={cssVariablesResolver}
    >
      <DatesProvider settings={{ firstDayOfWeek: 1 }}>
        <Toasts />
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  </StrictMode>,
);
