import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { SubmitApplicationRequest, type SubmitApplicationResponse } from './submit-application.request.js';
import { SubmitApplicationUseCase } from './submit-application.use-case.js';

@Controller('v1/applications')
export class ApplicationsController {
  constructor(private readonly submitApplication: SubmitApplicationUseCase) {}

  /** Accepts an application for scoring: 202 with its id, or 400 problem+json naming every invalid field. */
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  submit(@Body() body: SubmitApplicationRequest): Promise<SubmitApplicationResponse> {
    return this.submitApplication.execute(body);
  }
}
