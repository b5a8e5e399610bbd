import { Controller, Get, Inject, Query, Render } from '@nestjs/common';
import type { WebConfig } from '../config/web.config';
import { WEB_CONFIG } from '../config/web-config.token';
import { type LoginViewModel, loginViewModel } from './login.view-model';
import { type RegisterViewModel, registerViewModel } from './register.view-model';

/** The seed's AccountController: Login (also the home page at `/`) and Register. */
@Controller()
export class AccountController {
  constructor(@Inject(WEB_CONFIG) private readonly config: WebConfig) {}

  @Get(['/', 'Account/Login'])
  @Render('account/login')
  login(@Query('reason') reason?: string): LoginViewModel {
    return loginViewModel(this.config, typeof reason === 'string' ? reason : undefined);
  }

  @Get('Account/Register')
  @Render('account/register')
  register(): RegisterViewModel {
    return registerViewModel(this.config);
  }
}
