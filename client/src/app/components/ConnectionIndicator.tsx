import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { emitWithAck, useConnectionState } from '../../lib/socket';

/** How often a live connection is probed for its round-trip time. */
const PING_INTERVAL_MS = 30_000;

/** A small live/reconnecting/offline indicator for the real-time connection. */
export function ConnectionIndicator() {
  const { t } = useTranslation('app');
  const state = useConnectionState();
  const [latencyMs, setLatencyMs] = useState<number | null>(null);

  useEffect(() => {
    if (state !== 'connected') return;
    let cancelled = false;
    const ping = async () => {
      const started = performance.now();
      const ack = await emitWithAck('system:ping', {});
      if (!cancelled) setLatencyMs(ack.ok ? Math.round(performance.now() - started) : null);
    };
    void ping();
    const timer = setInterval(() => void ping(), PING_INTERVAL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [state]);

  const label = t(`connection.${state}`);
  const detail =
    state === 'connected' && latencyMs !== null ? t('connection.latency', { ms: latencyMs }) : null;

  // Only the state is a live region: announcing the round-trip time every 30 s would be noise.
  return (
    <div className={`connection connection--${state}`}>
      <span className="connection__dot" aria-hidden="true" />
      <span className="connection__label">
        <span role="status">
          <span className="ui-visually-hidden">{t('connection.prefix')} </span>
          {label}
        </span>
        {detail && <span className="connection__detail"> · {detail}</span>}
      </span>
    </div>
  );
}
