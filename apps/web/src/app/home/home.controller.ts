import { Controller, Get, Inject, Render } from '@nestjs/common';
import type { WebConfig } from '../config/web.config';
import { WEB_CONFIG } from '../config/web-config.token';
import { type HomeViewModel, homeViewModel } from './home.view-model';

/**
 * The signed-in page. The server renders only the frame: the profile is
 * fetched by the browser from the gateway with the Bearer token, because
 * the tokens live in the browser (docs/ARCHITECTURE.md "The API contract").
 */
@Controller()
export class HomeController {
  constructor(@Inject(WEB_CONFIG) private readonly config: WebConfig) {}

  @Get(['Home', 'Home/Index'])
  @Render('home/index')
  index(): HomeViewModel {
    return homeViewModel(this.config);
  }
}
