import { startApp } from '@corsway/testing';

/** The built web app refuses a bad environment, naming the variable (docs/ARCHITECTURE.md "Style": fail at start-up, naming the field). */
describe('web start-up (built app)', () => {
  it.each([
    ['GATEWAY_BASE_URL', 'localhost:7204'],
    ['PORT', 'seventy'],
  ])('%s=%j stops start-up with a message naming it', async (variable, value) => {
    await expect(startApp('web', { [variable]: value }, 15_000)).rejects.toThrow(new RegExp(`exited \\(1\\)[\\s\\S]*${variable}: must`));
  });
});
