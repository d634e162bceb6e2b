// Commands for the selected bike: send one, then follow its state (queued, delivered, done) until it ends.

const ARGUMENTS = {
  ring: null,
  'maintenance-notice': { name: 'text', placeholder: 'notice for the rider' },
  'set-report-interval': { name: 'interval', placeholder: 'e.g. 5s' },
};
const UNFINISHED = new Set(['queued', 'delivered']);
const POLL_MS = 1000;

export class CommandPanel {
  constructor(api) {
    this.api = api;
    this.bikeId = null;
    this.timer = null;
    this.list = document.getElementById('commands');
    this.error = document.getElementById('command-error');
    this.name = document.getElementById('command-name');
    this.arg = document.getElementById('command-arg');
    this.name.addEventListener('change', () => this.#argumentField());
    document.getElementById('command-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.#send();
    });
    this.#argumentField();
  }

  show(bikeId) {
    this.bikeId = bikeId;
    this.error.textContent = '';
    this.list.replaceChildren();
    this.#refresh();
  }

  #argumentField() {
    const arg = ARGUMENTS[this.name.value];
    this.arg.disabled = !arg;
    this.arg.value = '';
    this.arg.placeholder = arg ? arg.placeholder : 'no argument';
  }

  async #send() {
    const arg = ARGUMENTS[this.name.value];
    const body = { name: this.name.value, args: arg ? { [arg.name]: this.arg.value } : {} };
    this.error.textContent = '';
    try {
      await this.api.post(`/api/bikes/${encodeURIComponent(this.bikeId)}/commands`, body);
      this.arg.value = '';
    } catch (e) {
      this.error.textContent = e.message;
    }
    this.#refresh();
  }

  async #refresh() {
    clearTimeout(this.timer);
    const bikeId = this.bikeId;
    let commands;
    try {
      commands = await this.api.get(`/api/bikes/${encodeURIComponent(bikeId)}/commands`);
    } catch (e) {
      this.error.textContent = e.message;
      this.timer = setTimeout(() => this.#refresh(), POLL_MS * 3);
      return;
    }
    if (bikeId !== this.bikeId) return;
    const newest = commands.slice().sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, 10);
    this.list.replaceChildren(...newest.map(item));
    // Only follow while something is on its way; a finished list does not change by itself.
    if (newest.some((c) => UNFINISHED.has(c.state))) this.timer = setTimeout(() => this.#refresh(), POLL_MS);
  }
}

function item(command) {
  const li = document.createElement('li');
  li.dataset.commandId = command.id;
  li.dataset.name = command.name;
  li.dataset.state = command.state;
  const args = Object.entries(command.args).map(([k, v]) => `${k}=${v}`).join(' ');
  li.append(`${new Date(command.createdAt).toLocaleTimeString()} ${command.name} ${args}`);
  const state = document.createElement('span');
  state.className = 'cmd-state';
  state.textContent = command.state;
  li.append(state);
  if (command.message) li.append(` — ${command.message}`);
  return li;
}
