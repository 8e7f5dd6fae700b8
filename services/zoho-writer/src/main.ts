import { parseConfig } from '@panda2zoho/config';
import { runService } from '@panda2zoho/kafka';
import { createApp, SERVICE } from './app.ts';
import { writerConfigSchema } from './config.ts';

const config = parseConfig(writerConfigSchema);
await runService(SERVICE, config, (ctx) => createApp(ctx, config));
