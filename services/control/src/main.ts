import { parseConfig } from '@panda2zoho/config';
import { runService } from '@panda2zoho/kafka';
import { createApp, SERVICE } from './app.ts';
import { controlConfigSchema } from './config.ts';

const config = parseConfig(controlConfigSchema);
await runService(SERVICE, config, (ctx) => createApp(ctx, config));
