import { Controller, Get } from '@nestjs/common';

/** Liveness for `npm start`, compose and the e2e harness. */
@Controller('health')
export class HealthController {
  @Get()
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
