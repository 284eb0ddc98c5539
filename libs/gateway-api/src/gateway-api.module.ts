import { Module } from '@nestjs/common';
import { ApplicationsController } from './applications/applications.controller.js';
import { SubmitApplicationUseCase } from './applications/submit-application.use-case.js';

@Module({
  controllers: [ApplicationsController],
  providers: [SubmitApplicationUseCase],
})
export class GatewayApiModule {}
