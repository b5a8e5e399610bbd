/*
 * Account/Login: the seed's jQuery AJAX login against the gateway, with its
 * three outcomes: success, the API's Message, or a CORS block (status 0).
 * withCredentials so the HttpOnly refresh cookie set by user-service through
 * the gateway is stored for the gateway's origin (credentialed CORS, MixedPolicy).
 */
(function (window, $) {
  'use strict';
  const C = window.Corsway;

  $('#login-form').on('submit', function (event) {
    event.preventDefault();
    C.clearMessages();
    const button = $('#login-button').prop('disabled', true);
    const payload = {
      EmailOrUserName: String($('#EmailOrUserName').val()),
      Password: String($('#Password').val()),
      ClientId: String($('#ClientId').val()),
    };

    $.ajax({
      url: C.apiUrl('/users/user/login'),
      type: 'POST',
      contentType: 'application/json',
      dataType: 'json',
      data: JSON.stringify(payload),
      xhrFields: { withCredentials: true },
    })
      .done(function (res) {
        if (res && res.Success && res.Data && res.Data.AccessToken) {
          C.tokens.set(res.Data.AccessToken);
          const who = res.Data.DisplayName || res.Data.UserName || payload.EmailOrUserName;
          C.showMessage('success', 'Login successful. Welcome, ' + who + '!');
          window.setTimeout(function () {
            window.location.assign('/Home');
          }, 800);
        } else {
          C.showMessage('danger', C.messageOf(res, 200));
          button.prop('disabled', false);
        }
      })
      .fail(function (xhr) {
        if (xhr.status === 0) {
          C.showMessage('warning', C.corsIssueText);
        } else {
          C.showMessage('danger', C.messageOf(xhr.responseJSON, xhr.status));
        }
        button.prop('disabled', false);
      });
  });
})(window, window.jQuery);
