import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useRouteError } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Banner, Button, Page, errorMessage } from '../../ui';

/** What a reader sees when a page crashed: no stack trace, a way forward. */
export function CrashNotice({ error, onReset }: { error: unknown; onReset?: () => void }) {
  const { t } = useTranslation('app');
  return (
    <Page title={t('crash.title')} width="narrow">
      <Banner
        tone="danger"
        title={t('crash.heading')}
        actions={
          <>
            {onReset && <Button onClick={onReset}>{t('crash.retry')}</Button>}
            <Button variant="primary" onClick={() => window.location.assign('/')}>
              {t('crash.home')}
            </Button>
          </>
        }
      >
        <p>{t('crash.body')}</p>
        <p className="ui-small">{errorMessage(t, error)}</p>
      </Banner>
    </Page>
  );
}

/** The router's error element: a page threw while rendering. */
export function RouteError() {
  const error = useRouteError();
  return <CrashNotice error={error} />;
}

interface ErrorBoundaryState {
  error: unknown;
}

/** Last-resort boundary around the whole app (providers included). */
export class ErrorBoundary extends Component<{ children: ReactNode }, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): ErrorBoundaryState {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('Unhandled error in the interface', error, info.componentStack);
  }

  override render() {
    if (this.state.error !== null) {
      return <CrashNotice error={this.state.error} onReset={() => this.setState({ error: null })} />;
    }
    return this.props.children;
  }
}
