/*
 * Home: the profile from GET /users/user/me with the Bearer token. On 401 one
 * silent refresh (POST /users/user/refresh with the HttpOnly refresh cookie:
 * a credentialed cross-origin request, MixedPolicy) and one retry; if that
 * fails, back to login. Logout is the navbar's (site.js): it revokes the
 * refresh token and clears this tab's state.
 */
(function (window, $) {
  'use strict';
  const C = window.Corsway;

  function call(method, path, options) {
    const headers = { Accept: 'application/json' };
    if (options.token) headers.Authorization = 'Bearer ' + options.token;
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    return window
      .fetch(C.apiUrl(path), {
        method: method,
        headers: headers,
        credentials: 'include',
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return null;
          })
          .then(function (body) {
            return { status: response.status, body: body };
          });
      });
  }

  function backToLogin(reason) {
    C.tokens.clear();
    window.location.assign('/Account/Login?reason=' + reason);
  }

  function refresh() {
    return call('POST', '/users/user/refresh', { body: { ClientId: C.clientId } }).then(function (res) {
      if (res.status === 200 && res.body && res.body.Data && res.body.Data.AccessToken) {
        C.tokens.set(res.body.Data.AccessToken);
        return res.body.Data.AccessToken;
      }
      return null;
    });
  }

  function loadProfile() {
    const token = C.tokens.get();
    const first = token ? call('GET', '/users/user/me', { token: token }) : Promise.resolve({ status: 401, body: null });
    return first.then(function (res) {
      if (res.status !== 401) return res;
      return refresh().then(function (fresh) {
        return fresh ? call('GET', '/users/user/me', { token: fresh }) : res;
      });
    });
  }

  function showProfile(user) {
    C.user.setName(user.DisplayName || user.UserName);
    $('[data-profile-field]').each(function () {
      const el = $(this);
      el.text(user[el.data('profileField')] || '');
    });
    $('#profile-loading').attr('hidden', true);
    $('#profile-fields').removeAttr('hidden');
    $('#profile').attr('aria-busy', 'false');
  }

  loadProfile()
    .then(function (res) {
      if (res.status === 200 && res.body && res.body.Data) {
        showProfile(res.body.Data);
      } else if (res.status === 401) {
        backToLogin('expired');
      } else {
        $('#profile').attr('aria-busy', 'false');
        C.showMessage('danger', C.messageOf(res.body, res.status));
      }
    })
    .catch(function () {
      $('#profile').attr('aria-busy', 'false');
      C.explainFailure();
    });
})(window, window.jQuery);
