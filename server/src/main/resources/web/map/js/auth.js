// The API token: asked for once, kept in sessionStorage (this tab only, gone when it closes).

const KEY = 'bikefleet.apiToken';

export function storedToken() {
  return sessionStorage.getItem(KEY);
}

export function forgetToken() {
  sessionStorage.removeItem(KEY);
}

/** Shows the login form until `check(token)` accepts a token; resolves with it. */
export function askForToken(check, message = '') {
  const form = document.getElementById('login');
  const input = document.getElementById('token');
  const error = document.getElementById('login-error');
  error.textContent = message;
  form.hidden = false;
  input.focus();
  return new Promise((resolve) => {
    form.onsubmit = async (event) => {
      event.preventDefault();
      const token = input.value.trim();
      try {
        await check(token);
      } catch (e) {
        error.textContent = e.message;
        return;
      }
      sessionStorage.setItem(KEY, token);
      input.value = '';
      form.hidden = true;
      resolve(token);
    };
  });
}
