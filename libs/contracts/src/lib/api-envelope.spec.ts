import { fail, isApiEnvelope, ok } from './api-envelope';

describe('api envelope', () => {
  it('ok wraps data with Success true and no Errors', () => {
    expect(ok({ Id: '1' }, 'Signed in')).toEqual({ Success: true, Data: { Id: '1' }, Message: 'Signed in', Errors: null });
  });

  it('fail carries the message and per-field errors with no Data', () => {
    expect(fail('Fix the fields', { Email: ['Email must be an email'] })).toEqual({
      Success: false,
      Data: null,
      Message: 'Fix the fields',
      Errors: { Email: ['Email must be an email'] },
    });
  });

  it.each([
    [ok(1), true],
    [fail('x'), true],
    [{ Success: true, Data: null, Message: 'm', Errors: [] }, false],
    [{ success: true, data: null, message: 'm', errors: null }, false],
    [{ Success: 'yes', Data: null, Message: 'm', Errors: null }, false],
    [{ Success: true, Message: 'm', Errors: null }, false],
    [null, false],
    ['{"Success":true}', false],
  ])('isApiEnvelope(%j) is %s', (value, expected) => {
    expect(isApiEnvelope(value)).toBe(expected);
  });
});
