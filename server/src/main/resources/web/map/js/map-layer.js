// The Leaflet map: one marker per bike, coloured by state, and the selected bike's track. Works without
// tiles: the map's own background, a scale and the markers need nothing from the internet.
/* global L */
import { stateOf } from './fleet.js';

export class MapLayer {
  constructor(element, tiles, onSelect) {
    this.map = L.map(element, { worldCopyJump: true }).setView([20, 0], 2);
    L.control.scale({ metric: true, imperial: false }).addTo(this.map);
    if (tiles.tileUrl) {
      let failures = 0;
      const layer = L.tileLayer(tiles.tileUrl, { maxZoom: 19, attribution: tiles.attribution }).addTo(this.map);
      const note = L.control({ position: 'bottomleft' });
      note.onAdd = () => Object.assign(L.DomUtil.create('div', 'tiles-note'), { textContent: 'map tiles unavailable: plain background' });
      layer.on('tileerror', () => {
        if (failures++ === 0) note.addTo(this.map);
      });
      layer.on('tileload', () => {
        failures = 0;
        note.remove();
      });
    }
    this.onSelect = onSelect;
    this.markers = new Map();
    this.track = null;
    this.selectedId = null;
    this.fitted = false;
  }

  update(bikes) {
    for (const bike of bikes) {
      if (!bike.position) continue;
      const at = [bike.position.lat, bike.position.lon];
      let marker = this.markers.get(bike.id);
      if (!marker) {
        marker = L.marker(at, { title: bike.id, keyboard: false, icon: icon(bike.id) });
        marker.on('click', () => this.onSelect(bike.id));
        marker.addTo(this.map);
        this.markers.set(bike.id, marker);
      } else {
        marker.setLatLng(at);
      }
      // The element stays the same (no setIcon), so a click in progress is not lost to an update.
      const element = marker.getElement();
      const state = stateOf(bike);
      element.classList.remove(...[...element.classList].filter((c) => c.startsWith('state-')));
      element.classList.add(`state-${state}`);
      // Read by people inspecting the page and by its browser tests.
      Object.assign(element.dataset, { bikeId: bike.id, state, lat: at[0], lon: at[1] });
    }
    if (!this.fitted && this.markers.size > 0) {
      this.fitted = true;
      const bounds = L.latLngBounds([...this.markers.values()].map((m) => m.getLatLng()));
      this.map.fitBounds(bounds.pad(0.3), { maxZoom: 16 });
    }
  }

  select(id) {
    this.selectedId = id;
    const marker = this.markers.get(id);
    if (marker) {
      this.map.panTo(marker.getLatLng());
      for (const [otherId, other] of this.markers) other.getElement()?.classList.toggle('selected', otherId === id);
    }
  }

  /** Draws the track (oldest first, [lat, lon] pairs); an empty one removes the previous. */
  showTrack(points) {
    if (this.track) this.track.remove();
    this.track = null;
    if (points.length < 2) return;
    this.track = L.polyline(points, { color: '#1d2330', weight: 3, opacity: 0.8, className: 'bike-track' }).addTo(this.map);
  }
}

function icon(id) {
  const label = document.createElement('span');
  label.className = 'bike-label';
  label.textContent = id;
  return L.divIcon({ className: 'bike-marker', html: `<div></div>${label.outerHTML}`, iconSize: [16, 16], iconAnchor: [8, 8] });
}
