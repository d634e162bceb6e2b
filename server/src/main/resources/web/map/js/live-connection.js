// /ws/live with reconnects: full-jitter exponential backoff, reset once a connection has delivered its
// snapshot. The token rides in the Sec-WebSocket-Protocol header (browsers cannot set Authorization on a
// WebSocket, and a token in the URL would end up in access logs).

const SUBPROTOCOL = 'bikefleet-live';
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 5000;

export class LiveConnection {
  /**
   * @param token     the API token
   * @param handlers  { message(msg), state(state, detail) } with state 'connecting' | 'live' | 'disconnected'
   * @param preflight async check before each attempt (throws to stop for good, e.g. a refused token)
   */
  constructor(token, handlers, preflight) {
    this.token = token;
    this.handlers = handlers;
    this.preflight = preflight;
    this.attempt = 0;
    this.stopped = false;
    this.socket = null;
    this.timer = null;
  }

  start() {
    this.#connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.socket) this.socket.close(1000, 'page closed');
  }

  async #connect() {
    if (this.stopped) return;
    this.handlers.state('connecting', this.attempt ? `reconnecting (attempt ${this.attempt + 1})…` : 'connecting…');
    try {
      await this.preflight();
    } catch (e) {
      if (e.fatal) return;
      this.#retry(e.message);
      return;
    }
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${scheme}//${location.host}/ws/live`, [SUBPROTOCOL, `bearer.${this.token}`]);
    this.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify({ type: 'subscribe', all: true }));
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type === 'snapshot') {
        this.attempt = 0;
        this.handlers.state('live', 'live');
      }
      this.handlers.message(message);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket || this.stopped) return;
      this.socket = null;
      this.#retry(`connection closed (${event.code}${event.reason ? ': ' + event.reason : ''})`);
    };
  }

  #retry(why) {
    const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** this.attempt);
    const delay = Math.round(Math.random() * ceiling);
    this.attempt++;
    const until = Date.now() + delay;
    const tell = () => {
      const left = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      this.handlers.state('disconnected', `disconnected: ${why}; retrying in ${left} s`);
    };
    tell();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.#connect(), delay);
  }
}
