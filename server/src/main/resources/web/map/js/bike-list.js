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
    // One row element per bike, updated in place: a click is not lost to a re-render.
    this.rowElements = new Map();
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
    const rows = bikes.map((bike) => this.#row(bike));
    const current = [...this.rows.children];
    if (rows.length !== current.length || rows.some((row, i) => row !== current[i])) this.rows.replaceChildren(...rows);
  }

  #row(bike) {
    const state = stateOf(bike);
    let tr = this.rowElements.get(bike.id);
    if (!tr) {
      tr = document.createElement('tr');
      tr.dataset.bikeId = bike.id;
      tr.addEventListener('click', () => this.onSelect(bike.id));
      this.rowElements.set(bike.id, tr);
    }
    tr.dataset.state = state;
    tr.classList.toggle('selected', bike.id === this.selectedId);
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
    while (tr.cells.length < cells.length) tr.insertCell();
    cells.forEach((value, i) => {
      const td = tr.cells[i];
      if (i === 1) {
        const dot = document.createElement('span');
        dot.className = `state state-${state}`;
        td.replaceChildren(dot, String(value));
      } else if (td.textContent !== String(value)) {
        td.textContent = String(value);
      }
    });
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
