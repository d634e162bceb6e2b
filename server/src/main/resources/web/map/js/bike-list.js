// The side list: one row per bike, filtered by text and state; a click selects the bike.
import { STATE_LABELS, stateOf } from './fleet.js';

export class BikeList {
  constructor(fleet, onSelect) {
    this.fleet = fleet;
    this.onSelect = onSelect;
    this.rows = document.getElementById('bike-rows');
    this.text = document.getElementById('filter-text');
    this.state = document.getElementById('filter-state');
    this.selectedId = null;
    this.text.addEventListener('input', () => this.render());
    this.state.addEventListener('change', () => this.render());
    // "last seen" ages while nothing happens.
    setInterval(() => this.render(), 5000);
  }

  select(id) {
    this.selectedId = id;
    this.render();
  }

  render() {
    const text = this.text.value.trim().toLowerCase();
    const wanted = this.state.value;
    const bikes = [...this.fleet.bikes.values()]
      .filter((b) => !text || b.id.toLowerCase().includes(text))
      .filter((b) => !wanted || stateOf(b) === wanted)
      .sort((a, b) => a.id.localeCompare(b.id));
    this.rows.replaceChildren(...bikes.map((bike) => this.#row(bike)));
  }

  #row(bike) {
    const state = stateOf(bike);
    const tr = document.createElement('tr');
    tr.dataset.bikeId = bike.id;
    tr.dataset.state = state;
    if (bike.id === this.selectedId) tr.classList.add('selected');
    const speed = bike.position?.speed;
    const cells = [
      bike.id,
      STATE_LABELS[state],
      ago(bike.lastSeen),
      speed === undefined ? '–' : (speed * 3.6).toFixed(1),
      bike.battery === undefined || bike.battery === null ? '–' : `${bike.battery}`,
      bike.outboxDepth ?? '–',
      bike.dropped ?? '–',
    ];
    cells.forEach((value, i) => {
      const td = document.createElement('td');
      if (i === 1) {
        const dot = document.createElement('span');
        dot.className = `state state-${state}`;
        td.append(dot);
      }
      td.append(String(value));
      tr.append(td);
    });
    tr.addEventListener('click', () => this.onSelect(bike.id));
    return tr;
  }
}

function ago(time) {
  if (!time) return '–';
  const seconds = Math.max(0, Math.round((Date.now() - time) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  return new Date(time).toLocaleString();
}
