import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import { cx } from './cx';

export type ToastTone = 'info' | 'success' | 'danger';

interface ToastEntry {
  id: number;
  tone: ToastTone;
  message: string;
}

interface ToastApi {
  show: (message: string, tone?: ToastTone) => void;
}

const ToastContext = createContext<ToastApi | null>(null);

/** How long a toast stays; errors stay longer because they are more likely to need reading twice. */
const TOAST_MS: Record<ToastTone, number> = { info: 6000, success: 6000, danger: 12000 };

/**
 * Short confirmations ("Profile saved") announced through one polite live region that exists before any
 * message is added (screen readers ignore regions that appear together with their content).
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation('ui');
  const [toasts, setToasts] = useState<ToastEntry[]>([]);
  const nextId = useRef(1);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => {
    setToasts((current) => current.filter((toast) => toast.id !== id));
  }, []);

  const show = useCallback(
    (message: string, tone: ToastTone = 'success') => {
      const id = nextId.current++;
      setToasts((current) => [...current.slice(-3), { id, tone, message }]);
      const timer = setTimeout(() => {
        timers.current.delete(timer);
        dismiss(id);
      }, TOAST_MS[tone]);
      timers.current.add(timer);
    },
    [dismiss],
  );

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
    };
  }, []);

  const api = useMemo(() => ({ show }), [show]);

  return (
    <ToastContext.Provider value={api}>
      {children}
      <section className="ui-toasts" aria-label={t('notifications')}>
        <div role="status" aria-live="polite" className="ui-toasts__list">
          {toasts.map((toast) => (
            <div key={toast.id} className={cx('ui-toast', `ui-toast--${toast.tone}`)}>
              <span className="ui-toast__message">{toast.message}</span>
              <button
                type="button"
                className="ui-toast__close"
                onClick={() => dismiss(toast.id)}
                aria-label={t('dismiss')}
              >
                <span aria-hidden="true">×</span>
              </button>
            </div>
          ))}
        </div>
      </section>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast() needs a <ToastProvider> above it');
  return api;
}
