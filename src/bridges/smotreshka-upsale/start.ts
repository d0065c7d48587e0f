/** The upsale bridge as the daemon mounts it: always present, so an unconfigured one refuses with a reason. */
import type { Registry } from 'prom-client';
import type { DaemonConfig, SyncConfig } from '../../config/types.js';
import type { Store } from '../../store/store.js';
import type { Logger } from '../../util/logger.js';
import { upsaleHttp, type UpsaleHttp } from './http.js';
import { UpsaleMetrics } from './metrics.js';

export function startUpsaleBridge(config: SyncConfig, daemon: DaemonConfig, store: Store, registry: Registry, logger: Logger): UpsaleHttp {
  const settings = daemon.smotreshkaUpsale;
  const log = logger.child({ component: 'smotreshka-upsale' });
  if (settings) {
    const open = [settings.allowIps.length > 0 ? `from ${settings.allowIps.join(', ')}` : 'from any address', settings.secret !== undefined ? 'with the secret' : 'without a secret'];
    if (settings.allowIps.length === 0 && settings.secret === undefined) log.warn('daemon.smotreshka_upsale has neither allow_ips nor secret: every upsale callback is refused');
    else log.info({ target: settings.target, access: open.join(' ') }, 'upsale callbacks on');
  }
  const prefix = settings ? config.targets[settings.target]?.options.username_prefix : undefined;
  return upsaleHttp({
    ...(settings ? { settings } : {}),
    store: store.purchases,
    usernamePrefix: typeof prefix === 'string' ? prefix : '',
    token: daemon.token,
    logger: log,
    metrics: new UpsaleMetrics(registry, store.purchases),
  });
}
