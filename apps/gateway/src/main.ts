import 'reflect-metadata';
import { startService } from '@riskstream/service-platform';
import { AppModule } from './app.module.js';

startService(AppModule, { serviceName: 'gateway' });
