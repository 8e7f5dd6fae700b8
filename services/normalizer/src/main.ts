import { parseConfig } from '@panda2zoho/config';
import { runService } from '@panda2zoho/kafka';
import { createApp, SERVICE } from './app.ts';
import { normalizerConfigSchema } from './config.ts';

const config = parseConfig(normalizerConfigSchema);
await runService(SERVICE, config, (ctx) => createApp(ctx, config));
