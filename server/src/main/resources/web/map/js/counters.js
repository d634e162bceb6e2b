// The counters at the top: bikes online/offline from the live feed; fixes per second and listeners from
// GET /api/stats, polled (the rate is the stored-fix count's growth between two polls).

const POLL_MS = 2000;

export class Counters {
  constructor(api, fleet) {
    this.api = api;
    this.fleet = fleet;
    this.previous = null;
    fleet.onChange(() => this.#bikes());
  }

  start() {
    this.#poll();
  }

  #bikes() {
    let online = 0;
    for (const bike of this.fleet.bikes.values()) if (bike.online) online++;
    set('count-online', online);
    set('count-offline', this.fleet.bikes.size - online);
  }

  async #poll() {
    try {
      const stats = await this.api.get('/api/stats');
      const now = performance.now();
      if (this.previous && stats.fixesStored >= this.previous.fixes) {
        const rate = (stats.fixesStored - this.previous.fixes) / ((now - this.previous.at) / 1000);
        set('count-rate', rate.toFixed(1));
      }
      this.previous = { fixes: stats.fixesStored, at: now };
      set('count-listeners', stats.listeners);
    } catch (e) {
      // The server is away (the banner says so) or restarted (its count starts again from zero).
      this.previous = null;
      set('count-rate', '–');
      set('count-listeners', '–');
    }
    setTimeout(() => this.#poll(), POLL_MS);
  }
}

function set(id, value) {
  document.getElementById(id).textContent = String(value);
}
