import { loadWebConfig } from '../config/web.config';
import { homeViewModel } from '../home/home.view-model';
import { LOGIN_NOTICES, loginViewModel } from './login.view-model';
import { REGISTER_FIELDS, registerViewModel } from './register.view-model';

const config = loadWebConfig({ GATEWAY_BASE_URL: 'http://gateway.test:7204/' });

describe('view models', () => {
  it('login carries the seed client id, the gateway base URL and its script', () => {
    const vm = loginViewModel(config, undefined);
    expect(vm).toMatchObject({ title: 'Login', clientId: 'web', gatewayBaseUrl: 'http://gateway.test:7204', notice: null });
    expect(vm.scripts).toEqual(['/js/login.js']);
    expect(vm.nav).toEqual({ login: true, register: false, home: false, diagnostics: false });
  });

  it.each(Object.keys(LOGIN_NOTICES))('login reason %j selects a fixed notice', (reason) => {
    expect(loginViewModel(config, reason).notice).toBe(LOGIN_NOTICES[reason]);
  });

  it.each(['<script>alert(1)</script>', 'toString', '__proto__', 'constructor', ''])(
    'an unknown login reason %j shows nothing (the query is never echoed)',
    (reason) => {
      expect(loginViewModel(config, reason).notice).toBeNull();
    },
  );

  it('register lists the fields user-service validates, keyed as in Errors', () => {
    const vm = registerViewModel(config);
    expect(vm.fields.map((f) => f.name)).toEqual(['Email', 'UserName', 'DisplayName', 'Password']);
    expect(vm.fields).toBe(REGISTER_FIELDS);
    expect(vm.nav.register).toBe(true);
  });

  it('home shows the public profile fields of GET /user/me', () => {
    expect(homeViewModel(config).profileFields.map((f) => f.name)).toEqual(['DisplayName', 'UserName', 'Email', 'Id']);
  });
});
