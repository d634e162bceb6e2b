// The HTTP API with the operator's token. A 401 means the token is gone or wrong: the caller logs out.

export class Unauthorized extends Error {}

export class Api {
  constructor(token) {
    this.token = token;
  }

  async get(path) {
    return this.#request('GET', path);
  }

  async post(path, body) {
    return this.#request('POST', path, body);
  }

  async #request(method, path, body) {
    const headers = { Authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (response.status === 401) throw new Unauthorized('the API token was refused');
    const json = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(json.error || `${method} ${path}: HTTP ${response.status}`);
    return json;
  }
}
